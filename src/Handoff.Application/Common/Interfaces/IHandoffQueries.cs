using Handoff.Domain.Conversations;

namespace Handoff.Application.Common.Interfaces;

/// <summary>The read side: projections that do not go through aggregates.</summary>
public interface IHandoffQueries
{
    /// <summary>How many other waiting users are served before one with this priority and request time (higher priority first, then earlier request).</summary>
    Task<int> CountWaitingAheadAsync(ConversationId id, int priority, DateTimeOffset requestedAt, CancellationToken cancellationToken);

    Task<int> CountWaitingAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ConversationSummary>> RecentBotConversationsAsync(int count, CancellationToken cancellationToken);
}

public sealed record ConversationSummary(Guid Id, string ShortId, string UserName, string ChannelId, ConversationState State, DateTimeOffset LastActivityAt);
