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

        var toUser = messages.For(conversation.Locale);
        notify.ToUser(conversation, toUser.QueueTimeout, now);
        if (!string.IsNullOrWhiteSpace(toUser.QueueTimeoutFallback))
        {
            notify.ToUser(conversation, toUser.QueueTimeoutFallback, now);
        }

        notify.HandoffStatus(conversation, "failed", messages.UpstreamQueueTimedOut);
        // The replaced cards are many agents' (each in their own language): they are worded in the default.
        await notify.ReplaceWaitingCardsAsync(conversation, new AdaptiveCardBuilder().Text(MessageText.Fill(messages.WaitingCardTimedOut, ("user", conversation.UserName))).ToJson(), cancellationToken);
    }
}
