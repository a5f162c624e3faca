using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>
/// An agent put their live user back at the head of the queue: the user is told, the available agents (not the one
/// who handed the user back) get the waiting-user card as for a new user, and the former agent is told.
/// </summary>
public sealed class HandoffReturnedToQueueNotifications(
    IConversationRepository conversations,
    IAgentRepository agents,
    IHandoffSettings settings,
    Notifier notify) : INotificationHandler<HandoffReturnedToQueueDomainEvent>
{
    public async ValueTask Handle(HandoffReturnedToQueueDomainEvent notification, CancellationToken cancellationToken)
    {
        var now = notification.OccurredAt;
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");

        notify.ToUser(conversation, messages.For(conversation.Locale).ReturnedToQueue, now);
        foreach (var agent in (await agents.ListLoggedInAsync(cancellationToken)).Where(a => a.IsAcceptingNewUsers && a.Id != notification.FromAgentId))
        {
            notify.WaitingUserCardToAgent(agent, conversation, now, messages.For(agent.Locale));
        }

        if (await agents.FindAsync(notification.FromAgentId, cancellationToken) is { } from)
        {
            var fromWords = messages.For(from.Locale);
            notify.ToAgent(from, MessageText.Fill(fromWords.ReturnedToQueueNotice, ("user", conversation.UserName)));
            await FocusNotices.AfterLeavingAsync(notify, conversations, from, fromWords, cancellationToken);
        }
    }
}
