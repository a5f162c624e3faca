using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Domain.Conversations.Events;

/// <summary>The user entered the agent queue.</summary>
public sealed record HandoffRequestedDomainEvent(ConversationId ConversationId, HandoffSource Source, string? Reason, int Priority, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The user left the queue by choice.</summary>
public sealed record HandoffCancelledDomainEvent(ConversationId ConversationId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>Nobody connected before the queue timeout; the user is back with the bot.</summary>
public sealed record HandoffTimedOutDomainEvent(ConversationId ConversationId, TimeSpan Waited, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>Exactly one agent won the claim on a waiting user.</summary>
public sealed record AgentConnectedDomainEvent(ConversationId ConversationId, AgentId AgentId, string AgentName, TimeSpan Waited, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A live conversation passed from one agent to another in one save.</summary>
public sealed record HandoffTransferredDomainEvent(ConversationId ConversationId, AgentId FromAgentId, string FromAgentName, AgentId ToAgentId, string ToAgentName, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The agent put the live user back at the head of the queue.</summary>
public sealed record HandoffReturnedToQueueDomainEvent(ConversationId ConversationId, AgentId FromAgentId, string FromAgentName, int Priority, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A live conversation ended and the user is back with the bot.</summary>
public sealed record HandoffEndedDomainEvent(ConversationId ConversationId, AgentId AgentId, string AgentName, EndReason Reason, DateTimeOffset OccurredAt) : IDomainEvent
{
    /// <summary>Who ended it: the agent, the user, or the system (timeouts, an unreachable or revoked agent).</summary>
    public string EndedBy => Reason switch
    {
        EndReason.AgentDisconnected or EndReason.AgentLoggedOut => AgentName,
        EndReason.UserEnded => "user",
        _ => "system",
    };
}

/// <summary>A Teams meeting was created for a live conversation.</summary>
public sealed record MeetingCreatedDomainEvent(ConversationId ConversationId, AgentId AgentId, string OrganizerObjectId, bool DefaultOrganizerUsed, DateTimeOffset OccurredAt) : IDomainEvent;
