using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Management;

/// <summary>The management API's read side: projections that do not go through aggregates.</summary>
public interface IManagementQueries
{
    /// <summary>Conversations, most recently active first; all states when <paramref name="state"/> is null.</summary>
    Task<Page<ConversationListItemDto>> ListConversationsAsync(ConversationState? state, int pageNumber, int pageSize, CancellationToken cancellationToken);

    Task<ConversationListItemDto?> FindConversationAsync(ConversationId id, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> transcript entries, oldest first.</summary>
    Task<IReadOnlyList<TranscriptEntryDto>> TranscriptAsync(ConversationId id, int count, CancellationToken cancellationToken);

    Task<IReadOnlyList<MeetingDto>> MeetingsAsync(ConversationId id, CancellationToken cancellationToken);

    /// <summary>Waiting conversations in service order: highest priority first, then longest waiting.</summary>
    Task<IReadOnlyList<ConversationListItemDto>> QueueAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentRow>> ListAgentsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<ConversationState, int>> CountConversationsByStateAsync(CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<AgentStatus, int>> CountAgentsByStatusAsync(CancellationToken cancellationToken);

    /// <summary>The audit records of <paramref name="types"/> since <paramref name="since"/>: the raw material of the statistics.</summary>
    Task<IReadOnlyList<AuditEvent>> AuditEventsSinceAsync(IReadOnlyCollection<AuditType> types, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Audit records, newest first, filtered by time (from inclusive, to exclusive) and type.</summary>
    Task<Page<AuditRecordDto>> ListAuditRecordsAsync(DateTimeOffset? from, DateTimeOffset? to, AuditType? type, int pageNumber, int pageSize, CancellationToken cancellationToken);
}

public sealed record ConversationListItemDto(
    Guid Id, string ShortId, string UserName, string ChannelId, ConversationState State, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt,
    DateTimeOffset? RequestedAt, int Priority, string? Reason, Guid? AgentId, string? AgentName, DateTimeOffset? ConnectedAt);

public sealed record TranscriptEntryDto(long Id, DateTimeOffset At, TranscriptSender Sender, string SenderName, string Text, bool HasAttachments);

public sealed record MeetingDto(string JoinUrl, string OrganizerObjectId, bool DefaultOrganizerUsed, Guid AgentId, DateTimeOffset CreatedAt);

public sealed record AgentRow(
    Guid Id, string DisplayName, string ChannelAccountKey, string? EntraObjectId, string? Email, AgentStatus Status, int Capacity,
    DateTimeOffset LastSeenAt, IReadOnlyList<ConnectedConversationDto> Connected, int? CapacityOverride = null);

public sealed record ConnectedConversationDto(Guid Id, string ShortId, string UserName, DateTimeOffset? ConnectedAt);

public sealed record AuditEvent(AuditType Type, DateTimeOffset At, double? WaitSeconds);

public sealed record AuditRecordDto(long Id, DateTimeOffset At, AuditType Type, string Actor, Guid? ConversationId, Guid? AgentId, string Details, double? WaitSeconds);
