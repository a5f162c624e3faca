using Handoff.Domain.Common;

namespace Handoff.Domain.Agents.Events;

/// <summary>An authorized person signed in as an agent.</summary>
public sealed record AgentLoggedInDomainEvent(AgentId AgentId, string DisplayName, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>An agent signed out, by choice or because they lost their rights or could no longer be reached.</summary>
public sealed record AgentLoggedOutDomainEvent(AgentId AgentId, string DisplayName, AgentLogoutReason Reason, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>An agent changed presence.</summary>
public sealed record AgentStatusChangedDomainEvent(AgentId AgentId, AgentStatus Status, DateTimeOffset OccurredAt) : IDomainEvent;
