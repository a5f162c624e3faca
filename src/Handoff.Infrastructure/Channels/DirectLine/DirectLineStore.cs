using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>An activity appended to a conversation's log: its server-assigned id and its watermark.</summary>
public sealed record AppendedActivity(string ActivityId, long Sequence);

/// <summary>Activities after a watermark, as stored JSON, and the watermark to ask from next time.</summary>
public sealed record ActivityPage(IReadOnlyList<string> Activities, long Watermark);

/// <summary>
/// The persisted Direct Line log (same database as everything else): conversations, their activities in order, and
/// uploads. Appending wakes the conversation's open streams.
/// </summary>
public sealed class DirectLineStore(HandoffDbContext db, IStreamWakeUps wakeUps, IDatabaseWriteGate writeGate, TimeProvider clock)
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
    /// As <see cref="AppendAsync(string, JsonObject, CancellationToken)"/>, for an outbox delivery; null when the conversation does not exist. The sequence
    /// number is taken by one atomic <c>UPDATE … RETURNING</c> in the transaction that inserts the activity (ADR-041):
    /// concurrent writers queue on the conversation's row (Sqlite: on the write gate) and never collide, so no write
    /// is retried and no unique violation is logged, on one instance or several. Numbers are committed in order, so a
    /// reader that has seen sequence n never later finds a smaller one appear.
    /// </summary>
    /// <param name="conversationId">The conversation whose log grows.</param>
    /// <param name="activity">The activity to append.</param>
    /// <param name="deliveryId">The outbox message's stable id: when the log already holds it, that activity is returned and nothing is appended.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    public async Task<AppendedActivity?> TryAppendAsync(string conversationId, JsonObject activity, string? deliveryId, CancellationToken cancellationToken)
    {
        AppendedActivity appended;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // One statement checks the resend, checks the conversation exists and takes the number.
            var taken = deliveryId is null
                ? await db.Database.SqlQuery<long>($"""
                    UPDATE "DirectLineConversations" SET "NextSequence" = "NextSequence" + 1
                    WHERE "Id" = {conversationId}
                    RETURNING "NextSequence" - 1 AS "Value"
                    """).ToListAsync(cancellationToken)
                : await db.Database.SqlQuery<long>($"""
                    UPDATE "DirectLineConversations" SET "NextSequence" = "NextSequence" + 1
                    WHERE "Id" = {conversationId} AND NOT EXISTS (
                        SELECT 1 FROM "DirectLineActivities" WHERE "ConversationId" = {conversationId} AND "DeliveryId" = {deliveryId})
                    RETURNING "NextSequence" - 1 AS "Value"
                    """).ToListAsync(cancellationToken);
            if (taken.Count == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return deliveryId is null ? null : await FindDeliveredAsync(conversationId, deliveryId, cancellationToken);
            }

            var sequence = taken[0];
            var now = clock.GetUtcNow();
            var activityId = $"{conversationId}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
            activity["id"] = activityId;
            activity["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            activity["conversation"] = new JsonObject { ["id"] = conversationId };
            var type = (string?)activity["type"] ?? "message";
            var json = activity.ToJsonString();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "DirectLineActivities" ("ConversationId", "Sequence", "ActivityId", "Type", "DeliveryId", "Json", "CreatedAt")
                VALUES ({conversationId}, {sequence}, {activityId}, {type}, {deliveryId}, {json}, {now.UtcTicks})
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            appended = new AppendedActivity(activityId, sequence);
        }

        wakeUps.Notify(conversationId);
        return appended;
    }

    private async Task<AppendedActivity?> FindDeliveredAsync(string conversationId, string deliveryId, CancellationToken cancellationToken)
    {
        var row = await db.Set<DirectLineActivity>().AsNoTracking()
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
