using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>An activity appended to a conversation's log: its server-assigned id and its watermark.</summary>
public sealed record AppendedActivity(string ActivityId, long Sequence);

/// <summary>
/// A user's activity ready to store (<see cref="DirectLineStore.Prepare(string, JsonObject)"/>): its <c>id</c> is set
/// when it is stored, from its sequence number (ids sort in log order).
/// </summary>
public sealed record PreparedActivity(string ConversationId, JsonObject Activity, string Type, DateTimeOffset CreatedAt);

/// <summary>A prepared activity enlisted in its scope's next save (<see cref="DirectLineStore.Stage"/>).</summary>
public sealed class StagedActivity
{
    /// <summary>Its id once a save of its scope committed it; null until then.</summary>
    public string? StoredId { get; internal set; }
}

/// <summary>A staged activity's conversation took no sequence number (it was erased): the save that carried it is refused whole.</summary>
public sealed class DirectLineAppendRefusedException(string conversationId)
    : InvalidOperationException($"Direct Line conversation '{conversationId}' took no sequence number.");

/// <summary>Activities after a watermark, as stored JSON, and the watermark to ask from next time.</summary>
public sealed record ActivityPage(IReadOnlyList<string> Activities, long Watermark);

/// <summary>
/// The persisted Direct Line log (same database as everything else): conversations, their activities in order, and
/// uploads. Appending wakes the conversation's open streams.
/// </summary>
public sealed class DirectLineStore(HandoffDbContext db, IStreamWakeUps wakeUps, TimeProvider clock)
{
    public async Task<DirectLineConversation> CreateConversationAsync(string userId, string? userName, bool isAgent, CancellationToken cancellationToken)
    {
        var conversation = new DirectLineConversation
        {
            Id = NewId(),
            UserId = userId,
            UserName = userName,
            IsAgent = isAgent,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(conversation).State = EntityState.Detached;
        return conversation;
    }

    public Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        db.Set<DirectLineConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);

    /// <summary>Marks the conversation started; true only for the call that started it (that one answers 201 and greets).</summary>
    public async Task<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Set<DirectLineConversation>()
            .Where(c => c.Id == conversationId && c.StartedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.StartedAt, now), cancellationToken) == 1;
    }

    /// <summary>True only for the first caller: a conversation is greeted once, whether by its start or by a join event.</summary>
    public async Task<bool> TryMarkGreetedAsync(string conversationId, CancellationToken cancellationToken) =>
        await db.Set<DirectLineConversation>()
            .Where(c => c.Id == conversationId && !c.Greeted)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Greeted, true), cancellationToken) == 1;

    /// <summary>
    /// Appends <paramref name="activity"/> with the next sequence number, setting its <c>id</c>, <c>timestamp</c> and
    /// <c>conversation</c>. Throws for an unknown conversation.
    /// </summary>
    public async Task<AppendedActivity> AppendAsync(string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        await TryAppendAsync(conversationId, activity, deliveryId: null, cancellationToken)
        ?? throw new InvalidOperationException($"Unknown Direct Line conversation '{conversationId}'.");

    /// <summary>As <see cref="TryAppendAsync"/>; throws for an unknown conversation.</summary>
    public async Task<AppendedActivity> AppendAsync(string conversationId, JsonObject activity, string? deliveryId, CancellationToken cancellationToken) =>
        await TryAppendAsync(conversationId, activity, deliveryId, cancellationToken)
        ?? throw new InvalidOperationException($"Unknown Direct Line conversation '{conversationId}'.");

    /// <summary>
    /// As <see cref="AppendAsync(string, JsonObject, CancellationToken)"/>, for an outbox delivery; null when the
    /// conversation does not exist. The sequence number is taken by one atomic <c>UPDATE … RETURNING</c> in the
    /// transaction that inserts the activity (ADR-041): concurrent writers queue on the conversation's row (Sqlite: on
    /// the write gate) and never collide, so no write is retried and no unique violation is logged, on one instance or
    /// several. Numbers are committed in order, so a reader that has seen sequence n never later finds a smaller one.
    /// </summary>
    /// <param name="conversationId">The conversation whose log grows.</param>
    /// <param name="activity">The activity to append.</param>
    /// <param name="deliveryId">The outbox message's stable id: when the log already holds it, that activity is returned and nothing is appended.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    public async Task<AppendedActivity?> TryAppendAsync(string conversationId, JsonObject activity, string? deliveryId, CancellationToken cancellationToken)
    {
        (AppendedActivity Activity, bool IsNew)? appended;
        await using (var transaction = await db.BeginWriteTransactionAsync(cancellationToken))
        {
            appended = await AppendInTransactionAsync(db, conversationId, activity, deliveryId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (appended is { IsNew: true })
        {
            wakeUps.Notify(conversationId);
        }

        return appended?.Activity;
    }

    /// <summary>
    /// Appends an outbox delivery in the transaction of this scope's next save: the save that records the delivery on
    /// its outbox row (ADR-042). The log entry and "delivered" commit together, and a turn of the dispatcher that
    /// appends many deliveries takes the write turn once for all of them. Runs before the tracked changes are written
    /// and hands <paramref name="appended"/> the activity in the log (a resend's earlier copy), or null when the
    /// conversation no longer exists, so that the row's outcome is written by the same save.
    /// </summary>
    public void StageDelivery(string conversationId, JsonObject activity, string deliveryId, Action<AppendedActivity?> appended)
    {
        var isNew = false;
        db.EnlistInNextSave(
            async (context, cancellationToken) =>
            {
                var result = await AppendInTransactionAsync(context, conversationId, activity, deliveryId, cancellationToken);
                isNew = result is { IsNew: true };
                appended(result?.Activity);
            },
            () =>
            {
                if (isNew)
                {
                    wakeUps.Notify(conversationId);
                }
            });
    }

    /// <summary>The append itself, in the caller's transaction; null for an unknown conversation, not new for a resend already in the log.</summary>
    private async Task<(AppendedActivity Activity, bool IsNew)?> AppendInTransactionAsync(HandoffDbContext context, string conversationId, JsonObject activity, string? deliveryId, CancellationToken cancellationToken)
    {
        if (await TakeSequenceAsync(context, conversationId, deliveryId, cancellationToken) is not { } sequence)
        {
            return deliveryId is not null && await FindDeliveredAsync(context, conversationId, deliveryId, cancellationToken) is { } earlier
                ? (earlier, false)
                : null;
        }

        var row = RowOf(Prepare(conversationId, activity), sequence, deliveryId);
        if (await InsertAsync(context, row, cancellationToken) == 0)
        {
            // Another instance appended this very delivery between our check and our number (PostgreSQL re-checks only
            // the locked row, not the NOT EXISTS, after waiting for it). The number is left unused: a gap in the log is
            // harmless (watermarks only compare), and the caller's transaction may carry other writes.
            return await FindDeliveredAsync(context, conversationId, deliveryId!, cancellationToken) is { } theirs ? (theirs, false) : null;
        }

        return (new AppendedActivity(row.ActivityId, sequence), true);
    }

    /// <summary>A user's activity made ready to store: its <c>timestamp</c> and <c>conversation</c> are set, its <c>id</c> when stored.</summary>
    public PreparedActivity Prepare(string conversationId, JsonObject activity)
    {
        var now = clock.GetUtcNow();
        activity["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        activity["conversation"] = new JsonObject { ["id"] = conversationId };
        return new PreparedActivity(conversationId, activity, (string?)activity["type"] ?? "message", now);
    }

    /// <summary>
    /// Stores <paramref name="prepared"/> in the same transaction as the next save of this scope's context (the bot's
    /// handling of it: transcript, outbox row, conversation), taking its sequence number there (ADR-041): one write
    /// transaction per message instead of two. <see cref="StagedActivity.StoredId"/> tells whether a save committed it;
    /// when none did (the bot saved nothing, or failed), <see cref="StoreAsync"/> stores it alone.
    /// </summary>
    public StagedActivity Stage(PreparedActivity prepared)
    {
        var staged = new StagedActivity();
        DirectLineActivity? added = null;
        db.EnlistInNextSave(
            async (context, cancellationToken) =>
            {
                if (added is not null && context.Entry(added).State != EntityState.Detached)
                {
                    context.Entry(added).State = EntityState.Detached; // left by a failed save that is being retried
                }

                var sequence = await TakeSequenceAsync(context, prepared.ConversationId, deliveryId: null, cancellationToken)
                    ?? throw new DirectLineAppendRefusedException(prepared.ConversationId);
                added = RowOf(prepared, sequence, deliveryId: null);
                context.Add(added);
            },
            () =>
            {
                staged.StoredId = added!.ActivityId;
                wakeUps.Notify(prepared.ConversationId);
            });
        return staged;
    }

    /// <summary>Stores <paramref name="prepared"/> in a transaction of its own; its id, or null when its conversation took no sequence number (erased).</summary>
    public async Task<string?> StoreAsync(PreparedActivity prepared, CancellationToken cancellationToken)
    {
        DirectLineActivity row;
        await using (var transaction = await db.BeginWriteTransactionAsync(cancellationToken))
        {
            if (await TakeSequenceAsync(db, prepared.ConversationId, deliveryId: null, cancellationToken) is not { } sequence)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }

            row = RowOf(prepared, sequence, deliveryId: null);
            await InsertAsync(db, row, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        wakeUps.Notify(prepared.ConversationId);
        return row.ActivityId;
    }

    /// <summary>The row for <paramref name="prepared"/> at <paramref name="sequence"/>; its id (and the JSON's) follow the log order.</summary>
    private static DirectLineActivity RowOf(PreparedActivity prepared, long sequence, string? deliveryId)
    {
        var activityId = $"{prepared.ConversationId}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
        prepared.Activity["id"] = activityId;
        return new DirectLineActivity
        {
            ConversationId = prepared.ConversationId,
            Sequence = sequence,
            ActivityId = activityId,
            Type = prepared.Type,
            DeliveryId = deliveryId,
            Json = prepared.Activity.ToJsonString(),
            CreatedAt = prepared.CreatedAt,
        };
    }

    /// <summary>Inserts <paramref name="row"/>; 0 when a delivery with its id is in the log already (the unique index decides, on Sqlite and PostgreSQL alike).</summary>
    private static Task<int> InsertAsync(HandoffDbContext context, DirectLineActivity row, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlAsync($"""
            INSERT INTO "DirectLineActivities" ("ConversationId", "Sequence", "ActivityId", "Type", "DeliveryId", "Json", "CreatedAt")
            VALUES ({row.ConversationId}, {row.Sequence}, {row.ActivityId}, {row.Type}, {row.DeliveryId}, {row.Json}, {row.CreatedAt.UtcTicks})
            ON CONFLICT ("ConversationId", "DeliveryId") WHERE "DeliveryId" IS NOT NULL DO NOTHING
            """, cancellationToken);

    /// <summary>
    /// Takes the conversation's next sequence number in the caller's transaction (the row stays locked until it ends);
    /// null when the conversation does not exist or, for a delivery, the log already holds it. One statement checks the
    /// resend, checks the conversation exists and takes the number.
    /// </summary>
    private static async Task<long?> TakeSequenceAsync(HandoffDbContext context, string conversationId, string? deliveryId, CancellationToken cancellationToken)
    {
        var taken = deliveryId is null
            ? await context.Database.SqlQuery<long>($"""
                UPDATE "DirectLineConversations" SET "NextSequence" = "NextSequence" + 1
                WHERE "Id" = {conversationId}
                RETURNING "NextSequence" - 1 AS "Value"
                """).ToListAsync(cancellationToken)
            : await context.Database.SqlQuery<long>($"""
                UPDATE "DirectLineConversations" SET "NextSequence" = "NextSequence" + 1
                WHERE "Id" = {conversationId} AND NOT EXISTS (
                    SELECT 1 FROM "DirectLineActivities" WHERE "ConversationId" = {conversationId} AND "DeliveryId" = {deliveryId})
                RETURNING "NextSequence" - 1 AS "Value"
                """).ToListAsync(cancellationToken);
        return taken.Count == 0 ? null : taken[0];
    }

    private static async Task<AppendedActivity?> FindDeliveredAsync(HandoffDbContext context, string conversationId, string deliveryId, CancellationToken cancellationToken)
    {
        var row = await context.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.DeliveryId == deliveryId)
            .Select(a => new { a.ActivityId, a.Sequence })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new AppendedActivity(row.ActivityId, row.Sequence);
    }

    /// <summary>Up to <paramref name="max"/> activities after <paramref name="watermark"/>, oldest first.</summary>
    public async Task<ActivityPage> ReadAfterAsync(string conversationId, long watermark, int max, CancellationToken cancellationToken)
    {
        var rows = await db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Sequence > watermark)
            .OrderBy(a => a.Sequence)
            .Take(max)
            .Select(a => new { a.Sequence, a.Json })
            .ToListAsync(cancellationToken);
        return new ActivityPage([.. rows.Select(r => r.Json)], rows.Count > 0 ? rows[^1].Sequence : watermark);
    }

    public async Task<DirectLineUpload> AddUploadAsync(string conversationId, string contentType, string? name, byte[] content, CancellationToken cancellationToken)
    {
        var upload = new DirectLineUpload
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ConversationId = conversationId,
            ContentType = contentType,
            Name = name,
            Content = content,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(upload).State = EntityState.Detached;
        return upload;
    }

    public Task<DirectLineUpload?> FindUploadAsync(string id, CancellationToken cancellationToken) =>
        db.Set<DirectLineUpload>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
