using Handoff.Application.Common.Messaging;
using Handoff.Application.Privacy;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Retention;

/// <summary>
/// Erasure and retention over the one database: Handoff's tables, and each channel's own data through its
/// <see cref="IChannelDataEraser"/> (the embedded Direct Line log and uploads live there too). Statements delete in
/// bulk; an erasure runs in one transaction with its audit record.
/// </summary>
internal sealed class PrivacyStore(HandoffDbContext db, IEnumerable<IChannelDataEraser> channels) : IPrivacyStore
{
    private const string MaskedName = "[erased]";

    public async Task<ErasableConversation?> FindConversationAsync(ConversationId id, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new ErasableConversation(c.Id, c.Address.ChannelId, c.Address.ConversationId, c.State))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ErasableConversation>> FindEndUserConversationsAsync(string channelId, string userId, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.Address.ChannelId == channelId && c.Address.UserId == userId)
            .Select(c => new ErasableConversation(c.Id, c.Address.ChannelId, c.Address.ConversationId, c.State))
            .ToListAsync(cancellationToken);

    public async Task<RemovedData> EraseConversationAsync(ErasableConversation conversation, AuditRecord auditRecord, CancellationToken cancellationToken)
    {
        // The write turn is taken before BEGIN (ADR-047); the audit record's save and the deletes below write in it.
        await using var transaction = await db.BeginWriteTransactionAsync(cancellationToken);
        db.AuditRecords.Add(auditRecord);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var id = conversation.Id;
        var userName = await db.Conversations.Where(c => c.Id == id).Select(c => c.UserName).FirstOrDefaultAsync(cancellationToken);
        if (userName is { Length: > 1 })
        {
            // Earlier audit records stay (who read or handled the conversation), without the user's name.
            await db.AuditRecords
                .Where(a => a.ConversationId == id.Value && a.Type != AuditType.ConversationErased)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, a => a.Details.Replace(userName, MaskedName)), cancellationToken);
        }

        var transcript = await db.TranscriptEntries.Where(e => e.ConversationId == id).ExecuteDeleteAsync(cancellationToken);
        var conversations = await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);

        var channelKey = $"{conversation.ChannelId}:{conversation.ChannelConversationId}";
        var waitingCards = Notifier.WaitingCardKeyPrefix(id);
        var outbox = await db.OutboxMessages
            .Where(m => m.DeliveredAt != null || m.DeadLetteredAt != null)
            .Where(m => m.OrderingKey == channelKey || (m.CorrelationKey != null && m.CorrelationKey.StartsWith(waitingCards)))
            .ExecuteDeleteAsync(cancellationToken);

        var removed = new RemovedData(Conversations: conversations, TranscriptEntries: transcript, OutboxMessages: outbox);
        if (EraserOf(conversation.ChannelId) is { } channel)
        {
            removed += await channel.EraseConversationsAsync([conversation.ChannelConversationId], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<RemovedData> EraseEndUserChannelDataAsync(string channelId, string userId, CancellationToken cancellationToken)
    {
        if (EraserOf(channelId) is not { } channel)
        {
            return new RemovedData();
        }

        var ids = await channel.FindEndUserConversationsAsync(userId, cancellationToken);
        if (ids.Count == 0)
        {
            return new RemovedData();
        }

        await using var transaction = await db.BeginWriteTransactionAsync(cancellationToken);
        var removed = await channel.EraseConversationsAsync(ids, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<RemovedData> PurgeAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var waiting = ConversationState.Waiting;
        var connected = ConversationState.Connected;

        // A waiting or connected conversation's data stays, however old: the agent reads it and replies go there.
        var transcript = await db.TranscriptEntries
            .Where(e => e.At < cutoffs.Transcripts)
            .Where(e => !db.Conversations.Any(c => c.Id == e.ConversationId && (c.State == waiting || c.State == connected)))
            .ExecuteDeleteAsync(cancellationToken);
        var conversations = await db.Conversations
            .Where(c => c.State != waiting && c.State != connected && c.LastActivityAt < cutoffs.Transcripts)
            .Where(c => !db.TranscriptEntries.Any(e => e.ConversationId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);

        var outbox = await db.OutboxMessages
            .Where(m => (m.DeliveredAt != null && m.DeliveredAt < cutoffs.DeliveredOutbox) || (m.DeadLetteredAt != null && m.DeadLetteredAt < cutoffs.DeliveredOutbox))
            .ExecuteDeleteAsync(cancellationToken);
        var processed = await db.ProcessedActivities.Where(p => p.ProcessedAt < cutoffs.ProcessedActivities).ExecuteDeleteAsync(cancellationToken);
        var audit = await db.AuditRecords.Where(a => a.At < cutoffs.AuditRecords).ExecuteDeleteAsync(cancellationToken);

        var removed = new RemovedData(Conversations: conversations, TranscriptEntries: transcript, OutboxMessages: outbox, ProcessedActivities: processed, AuditRecords: audit);
        foreach (var channel in channels)
        {
            var channelId = channel.ChannelId;
            var active = db.Conversations
                .Where(c => c.Address.ChannelId == channelId && (c.State == waiting || c.State == connected))
                .Select(c => c.Address.ConversationId);
            removed += await channel.PurgeAsync(cutoffs, active, cancellationToken);
        }

        return removed;
    }

    private IChannelDataEraser? EraserOf(string channelId) => channels.FirstOrDefault(c => c.ChannelId == channelId);
}
