using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>What an agent serving several users is told when their focus changes without them choosing it.</summary>
internal static class FocusNotices
{
    /// <summary>A newly connected (or transferred) user became the focus of an agent who already serves others.</summary>
    public static void NewFocus(Notifier notify, Agent agent, Conversation conversation, HandoffMessages messages)
    {
        if (agent.ConnectedConversations.Count > 1 && agent.FocusedConversation == conversation.Id)
        {
            notify.ToAgent(agent, MessageText.Fill(messages.FocusChanged, ("user", conversation.UserName), ("id", conversation.ShortId)));
        }
    }

    /// <summary>
    /// One of the agent's users left: the focus moved to the last one left (said so), or, with several left and none
    /// focused, the agent is asked to choose.
    /// </summary>
    public static async Task AfterLeavingAsync(Notifier notify, IConversationRepository conversations, Agent agent, HandoffMessages messages, CancellationToken cancellationToken)
    {
        if (agent.ConnectedConversations.Count == 0)
        {
            return;
        }

        // Inside the save, the store still lists the user who just left: the aggregates in memory are the truth.
        var live = (await conversations.ListConnectedToAsync(agent.Id, cancellationToken)).Where(c => c.IsConnectedTo(agent.Id) && agent.ConnectedConversations.Contains(c.Id)).ToList();
        if (agent.FocusedConversation is null && live.Count > 1)
        {
            notify.CardToAgent(agent, HandoffCards.ChooseFocus(messages.FocusChoose, live, null, messages), messages.FocusChoose);
        }
        else if (live.Count == 1 && agent.FocusedConversation == live[0].Id)
        {
            notify.ToAgent(agent, MessageText.Fill(messages.FocusChanged, ("user", live[0].UserName), ("id", live[0].ShortId)));
        }
    }
}
