using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Privacy;

/// <summary>An end user's conversation as erasure sees it: which one, where it lives, and whether it is still in use.</summary>
public sealed record ErasableConversation(ConversationId Id, string ChannelId, string ChannelConversationId, ConversationState State);

/// <summary>What an erasure or a retention pass removed, by kind (counts only, never content).</summary>
public sealed record RemovedData(
    int Conversations = 0,
    int TranscriptEntries = 0,
    int DirectLineConversations = 0,
    int DirectLineActivities = 0,
    int Uploads = 0,
    int OutboxMessages = 0,
    int ProcessedActivities = 0,
    int AuditRecords = 0)
{
    public static RemovedData operator +(RemovedData a, RemovedData b) => new(
        a.Conversations + b.Conversations,
        a.TranscriptEntries + b.TranscriptEntries,
        a.DirectLineConversations + b.DirectLineConversations,
        a.DirectLineActivities + b.DirectLineActivities,
        a.Uploads + b.Uploads,
        a.OutboxMessages + b.OutboxMessages,
        a.ProcessedActivities + b.ProcessedActivities,
        a.AuditRecords + b.AuditRecords);
}

/// <summary>The oldest time each kind of data may have; older data is removed by a retention pass.</summary>
public sealed record RetentionCutoffs(
    DateTimeOffset Transcripts,
    DateTimeOffset DirectLineActivities,
    DateTimeOffset Uploads,
    DateTimeOffset DeliveredOutbox,
    DateTimeOffset ProcessedActivities,
    DateTimeOffset AuditRecords);

/// <summary>Removes end users' data: one conversation or one end user everywhere it is stored, and whatever retention says is too old.</summary>
public interface IPrivacyStore
{
    Task<ErasableConversation?> FindConversationAsync(ConversationId id, CancellationToken cancellationToken);

    /// <summary>Every conversation of the end user <paramref name="userId"/> on <paramref name="channelId"/>.</summary>
    Task<IReadOnlyList<ErasableConversation>> FindEndUserConversationsAsync(string channelId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the conversation everywhere (its row, transcript, meetings, channel log and uploads, outbox messages,
    /// processed markers that name it; the user's name is masked in its audit details) and stores
    /// <paramref name="auditRecord"/>, all in one transaction. Outbox messages still being delivered are left to finish.
    /// </summary>
    Task<RemovedData> EraseConversationAsync(ErasableConversation conversation, AuditRecord auditRecord, CancellationToken cancellationToken);

    /// <summary>Channel data of the end user that belongs to no conversation (e.g. a Direct Line conversation that never got a message).</summary>
    Task<RemovedData> EraseEndUserChannelDataAsync(string channelId, string userId, CancellationToken cancellationToken);

    /// <summary>Removes what is older than the cutoffs, never a waiting or connected conversation's data nor an undelivered message.</summary>
    Task<RemovedData> PurgeAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken);
}
