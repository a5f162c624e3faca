using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents.Events;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Audit;

/// <summary>
/// Writes the audit record of every domain event. Runs inside the save that raised the event (before commit), so a
/// state change and its audit record are stored together or not at all.
/// </summary>
public sealed class AuditTrail(IAuditLog audit) :
    INotificationHandler<HandoffRequestedDomainEvent>,
    INotificationHandler<HandoffCancelledDomainEvent>,
    INotificationHandler<HandoffTimedOutDomainEvent>,
    INotificationHandler<AgentConnectedDomainEvent>,
    INotificationHandler<HandoffEndedDomainEvent>,
    INotificationHandler<HandoffTransferredDomainEvent>,
    INotificationHandler<HandoffReturnedToQueueDomainEvent>,
    INotificationHandler<MeetingCreatedDomainEvent>,
    INotificationHandler<AgentLoggedInDomainEvent>,
    INotificationHandler<AgentLoggedOutDomainEvent>,
    INotificationHandler<AgentStatusChangedDomainEvent>
{
    public ValueTask Handle(HandoffRequestedDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.HandoffRequested, e.OccurredAt, "user", $"source {e.Source}, priority {e.Priority}, reason: {e.Reason ?? "none"}", e.ConversationId.Value));

    public ValueTask Handle(HandoffCancelledDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.HandoffCancelled, e.OccurredAt, "user", "left the queue", e.ConversationId.Value));

    public ValueTask Handle(HandoffTimedOutDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.HandoffTimedOut, e.OccurredAt, "system", "queue timeout", e.ConversationId.Value, waited: e.Waited));

    public ValueTask Handle(AgentConnectedDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.AgentConnected, e.OccurredAt, e.AgentName, $"connected by {e.AgentName}", e.ConversationId.Value, e.AgentId.Value, e.Waited));

    public ValueTask Handle(HandoffEndedDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.HandoffEnded, e.OccurredAt, e.EndedBy, $"ended by {e.EndedBy}: {e.Reason} (agent {e.AgentName})", e.ConversationId.Value, e.AgentId.Value));

    public ValueTask Handle(HandoffTransferredDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.HandoffTransferred, e.OccurredAt, e.FromAgentName, $"transferred by {e.FromAgentName} to {e.ToAgentName}", e.ConversationId.Value, e.ToAgentId.Value));

    public ValueTask Handle(HandoffReturnedToQueueDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.HandoffTransferred, e.OccurredAt, e.FromAgentName, $"returned to the queue by {e.FromAgentName}, priority {e.Priority}", e.ConversationId.Value, e.FromAgentId.Value));

    public ValueTask Handle(MeetingCreatedDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.MeetingCreated, e.OccurredAt, e.AgentId.ToString(), $"organizer {e.OrganizerObjectId}, default organizer used: {e.DefaultOrganizerUsed}", e.ConversationId.Value, e.AgentId.Value));

    public ValueTask Handle(AgentLoggedInDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.AgentLoggedIn, e.OccurredAt, e.DisplayName, "logged in", agentId: e.AgentId.Value));

    public ValueTask Handle(AgentLoggedOutDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.AgentLoggedOut, e.OccurredAt, e.DisplayName, $"logged out: {e.Reason}", agentId: e.AgentId.Value));

    public ValueTask Handle(AgentStatusChangedDomainEvent e, CancellationToken cancellationToken) =>
        Add(AuditRecord.Create(AuditType.AgentStatusChanged, e.OccurredAt, e.AgentId.ToString(), $"status {e.Status}", agentId: e.AgentId.Value));

    private ValueTask Add(AuditRecord record)
    {
        audit.Add(record);
        return ValueTask.CompletedTask;
    }
}
