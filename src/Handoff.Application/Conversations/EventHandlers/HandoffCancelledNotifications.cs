using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>The user left the queue: they are back with the bot, an upstream bot hears "failed", and the agents' waiting cards say so.</summary>
public sealed class HandoffCancelledNotifications(IConversationRepository conversations, IHandoffSettings settings, Notifier notify)
    : INotificationHandler<HandoffCancelledDomainEvent>
{
    public async ValueTask Handle(HandoffCancelledDomainEvent notification, CancellationToken cancellationToken)
    {
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");

        notify.ToUser(conversation, messages.For(conversation.Locale).HandoffCancelled, notification.OccurredAt);
        notify.HandoffStatus(conversation, "failed", messages.UpstreamUserLeftQueue);
        // The replaced cards are many agents' (each in their own language): they are worded in the default.
        await notify.ReplaceWaitingCardsAsync(conversation, new AdaptiveCardBuilder().Text(MessageText.Fill(messages.WaitingCardCancelled, ("user", conversation.UserName))).ToJson(), cancellationToken);
    }
}
