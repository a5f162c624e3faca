using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>
/// A handoff started: the user learns their place in the queue (and that nobody is online, if so), and every agent who
/// can take them gets the waiting-user card; with the Teams agent channel in use, the user also gets a thread there,
/// opened with the same card (ADR-037), and the 1:1 cards say so. Runs inside the save that raised the event (ADR-002).
/// </summary>
public sealed class HandoffRequestedNotifications(
    IConversationRepository conversations,
    IAgentRepository agents,
    IHandoffSettings settings,
    QueueEstimates estimates,
    IAgentChannel agentChannel,
    AgentThreads threads,
    Notifier notify) : INotificationHandler<HandoffRequestedDomainEvent>
{
    public async ValueTask Handle(HandoffRequestedDomainEvent notification, CancellationToken cancellationToken)
    {
        var now = notification.OccurredAt;
        var options = (await settings.GetAsync(cancellationToken)).Handoff;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");

        var position = await estimates.PositionAsync(conversation, cancellationToken);
        var wait = await estimates.EstimatedWaitAsync(options.Queue.DefaultEstimatedWait, now, cancellationToken);
        var available = (await agents.ListLoggedInAsync(cancellationToken)).Where(a => a.IsAcceptingNewUsers).ToList();

        var words = options.Messages.For(conversation.Locale);
        var text = MessageText.Fill(words.Waiting, ("position", position), ("wait", MessageText.Duration(wait)));
        if (available.Count == 0)
        {
            text += " " + words.NoAgentsOnline;
        }

        notify.CardToUser(conversation, HandoffCards.QueueNotice(text, words), text, now);

        // Until the team's service URL is known the channel is not reachable, and the 1:1 mode alone serves the user.
        string? summary = null;
        if (await agentChannel.FindAsync(cancellationToken) is { } target)
        {
            threads.Open(conversation, target, now, options.Messages);
            summary = MessageText.Fill(words.AlsoInAgentChannel, ("user", conversation.UserName));
        }

        foreach (var agent in available)
        {
            var agentWords = options.Messages.For(agent.Locale);
            notify.WaitingUserCardToAgent(agent, conversation, now, agentWords, summary is null ? null : MessageText.Fill(agentWords.AlsoInAgentChannel, ("user", conversation.UserName)));
        }
    }
}
