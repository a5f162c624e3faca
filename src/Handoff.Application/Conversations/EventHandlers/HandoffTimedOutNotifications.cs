using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>Nobody took the user in time: they are told (and offered the fallback), an upstream bot hears "failed", and the agents' waiting cards say so.</summary>
public sealed class HandoffTimedOutNotifications(IConversationRepository conversations, IHandoffSettings settings, Notifier notify)
    : INotificationHandler<HandoffTimedOutDomainEvent>
{
    public async ValueTask Handle(HandoffTimedOutDomainEvent notification, CancellationToken cancellationToken)
    {
        var now = notification.OccurredAt;
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");

        notify.ToUser(conversation, messages.QueueTimeout, now);
        if (!string.IsNullOrWhiteSpace(messages.QueueTimeoutFallback))
        {
            notify.ToUser(conversation, messages.QueueTimeoutFallback, now);
        }

        notify.HandoffStatus(conversation, "failed", "No agent was available in time.");
        await notify.ReplaceWaitingCardsAsync(conversation, new AdaptiveCardBuilder().Text(MessageText.Fill(messages.WaitingCardTimedOut, ("user", conversation.UserName))).ToJson(), cancellationToken);
    }
}
