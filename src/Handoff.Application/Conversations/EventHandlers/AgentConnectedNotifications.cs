using Handoff.Application.Common.Settings;
using System.Text;
using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>
/// A handoff was taken: the user is told who they are talking to, the agent gets the briefing (reason, wait, recent
/// messages), an upstream bot hears "accepted", and the other agents' waiting cards become "taken by ...".
/// </summary>
public sealed class AgentConnectedNotifications(
    IConversationRepository conversations,
    IAgentRepository agents,
    ITranscriptRepository transcripts,
    IHandoffSettings settings,
    Notifier notify) : INotificationHandler<AgentConnectedDomainEvent>
{
    public async ValueTask Handle(AgentConnectedDomainEvent notification, CancellationToken cancellationToken)
    {
        var now = notification.OccurredAt;
        var options = (await settings.GetAsync(cancellationToken)).Handoff;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");
        var agent = await agents.FindAsync(notification.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {notification.AgentId} does not exist.");

        var recent = await transcripts.RecentAsync(conversation.Id, options.Queue.RecentTranscriptCount, cancellationToken);
        notify.ToUser(conversation, MessageText.Fill(options.Messages.For(conversation.Locale).AgentConnected, ("agent", agent.DisplayName)), now);
        notify.ToAgent(agent, Briefing(options.Messages.For(agent.Locale), conversation, recent));
        FocusNotices.NewFocus(notify, agent, conversation, options.Messages.For(agent.Locale));
        notify.HandoffStatus(conversation, "accepted");
        await notify.ReplaceWaitingCardsAsync(conversation, HandoffCards.WaitingUserTaken(conversation.UserName, agent.DisplayName, options.Messages), cancellationToken);
    }

    /// <summary>The "connected" summary with the recent transcript; a transferred user's new agent gets it too.</summary>
    internal static string Briefing(HandoffMessages messages, Conversation conversation, IReadOnlyList<TranscriptEntry> recent)
    {
        var text = new StringBuilder();
        text.Append(MessageText.Fill(messages.AgentBriefing,
            ("user", conversation.UserName), ("waited", MessageText.Duration(conversation.WaitedBeforeConnect ?? TimeSpan.Zero)), ("reason", conversation.Reason ?? messages.DefaultReason)));
        if (recent.Count > 0)
        {
            text.Append("\n\n" + messages.AgentBriefingRecent);
            foreach (var entry in recent)
            {
                text.Append($"\n- {entry.SenderName}: {entry.Text}");
            }
        }

        text.Append("\n\n" + messages.AgentBriefingEnd);
        return text.ToString();
    }
}
