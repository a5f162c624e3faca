using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>
/// A live conversation ended — by the agent, the user, a timeout or a sign-out: what each side is told depends only on
/// why, and is decided here once. An upstream bot hears "completed". An agent who disconnected and has room again is
/// shown the next waiting user, as if they had just asked.
/// </summary>
public sealed class HandoffEndedNotifications(
    IConversationRepository conversations,
    IAgentRepository agents,
    IHandoffSettings settings,
    Notifier notify) : INotificationHandler<HandoffEndedDomainEvent>
{
    public async ValueTask Handle(HandoffEndedDomainEvent notification, CancellationToken cancellationToken)
    {
        var now = notification.OccurredAt;
        var options = (await settings.GetAsync(cancellationToken)).Handoff;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");
        var agent = await agents.FindAsync(notification.AgentId, cancellationToken);
        var agentName = agent?.DisplayName ?? notification.AgentName;

        var userWords = options.Messages.For(conversation.Locale);
        var toUser = notification.Reason switch
        {
            EndReason.UserEnded => userWords.UserEnded,
            EndReason.UserInactive => userWords.UserTimeout,
            EndReason.AgentInactive => userWords.AgentTimeout,
            _ => userWords.AgentLeft,
        };
        notify.ToUser(conversation, MessageText.Fill(toUser, ("agent", agentName)), now);

        // A signed-out agent is told once, by the sign-out, not per conversation.
        var agentWords = options.Messages.For(agent?.Locale);
        var toAgent = notification.Reason switch
        {
            EndReason.AgentDisconnected => MessageText.Fill(agentWords.AgentDisconnectedNotice, ("user", conversation.UserName)),
            EndReason.UserEnded => MessageText.Fill(agentWords.UserEndedNotice, ("user", conversation.UserName)),
            EndReason.UserInactive => MessageText.Fill(agentWords.UserTimeoutNotice, ("user", conversation.UserName), ("duration", MessageText.Duration(options.Timeouts.User))),
            EndReason.AgentInactive => MessageText.Fill(agentWords.AgentTimeoutNotice, ("user", conversation.UserName), ("duration", MessageText.Duration(options.Timeouts.Agent))),
            _ => null,
        };
        if (agent is not null && toAgent is not null)
        {
            notify.ToAgent(agent, toAgent);
            await FocusNotices.AfterLeavingAsync(notify, conversations, agent, agentWords, cancellationToken);
        }

        notify.HandoffStatus(conversation, "completed");

        if (notification.Reason == EndReason.AgentDisconnected && agent is { IsAcceptingNewUsers: true } && await conversations.NextWaitingAsync(cancellationToken) is { } next)
        {
            notify.WaitingUserCardToAgent(agent, next, now, agentWords);
        }
    }
}
