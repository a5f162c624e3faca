using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>
/// Teams channel mode (ADR-037): what a user's thread in the agent channel is told. Its opening card changes with the
/// agents' cards (taken, left the queue); here the thread hears who took the user, and gets a closing card at the end.
/// Threads are worded in the default language: a channel is read by many agents.
/// </summary>
public sealed class AgentThreadNotifications(IConversationRepository conversations, IHandoffSettings settings, AgentThreads threads) :
    INotificationHandler<AgentConnectedDomainEvent>,
    INotificationHandler<HandoffEndedDomainEvent>
{
    public async ValueTask Handle(AgentConnectedDomainEvent notification, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken);
        if (conversation is not { HasLiveAgentThread: true })
        {
            return;
        }

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        await threads.PostAsync(conversation, MessageText.Fill(words.ThreadConnected, ("agent", notification.AgentName), ("user", conversation.UserName)), [], cancellationToken);
    }

    public async ValueTask Handle(HandoffEndedDomainEvent notification, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken);
        if (conversation?.AgentThreadKey is null)
        {
            return;
        }

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var closing = new AdaptiveCardBuilder().Text(MessageText.Fill(words.ThreadClosed, ("user", conversation.UserName))).ToJson();
        await threads.PostAsync(conversation, null, [OutboundAttachment.AdaptiveCard(closing)], cancellationToken);
    }
}
