using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.FocusConversation;
using Handoff.Application.Common.Settings;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.CancelHandoff;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Common.Cards;

/// <summary>The cards Handoff shows. Buttons submit {"command": ..., "conversationId": ...}, handled exactly like the typed command.</summary>
public static class HandoffCards
{
    /// <summary>The options card: every agent command's buttons, in catalogue order.</summary>
    public static string AgentOptions(CommandCatalogue catalogue, string agentName, string status, int waiting, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var card = new AdaptiveCardBuilder()
            .Title(MessageText.Fill(messages.AgentOptionsTitle, ("agent", agentName)))
            .Text(MessageText.Fill(messages.AgentOptionsStatus, ("status", status), ("waiting", waiting)), subtle: true);
        foreach (var entry in catalogue.Entries.Where(e => e.IsForAgents))
        {
            foreach (var button in entry.Buttons)
            {
                card.SubmitButton(button.Title(messages), entry.Word, button.Data);
            }
        }

        return card.ToJson();
    }

    public static string WaitingUser(Guid conversationId, string shortId, string userName, string? reason, TimeSpan waited, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new AdaptiveCardBuilder()
            .Title(MessageText.Fill(messages.WaitingCardTitle, ("user", userName)))
            .Facts([(messages.WaitingCardWaitedLabel, MessageText.Short(waited)), (messages.WaitingCardReasonLabel, reason ?? messages.DefaultReason), (messages.WaitingCardIdLabel, shortId)])
            .SubmitButton(messages.WaitingCardConnectButton, AcceptHandoffCommandEntry.SubmitWord, ("conversationId", conversationId.ToString()))
            .ToJson();
    }

    public static string WaitingUserTaken(string userName, string agentName, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new AdaptiveCardBuilder()
            .Title(MessageText.Fill(messages.WaitingCardTakenTitle, ("agent", agentName), ("user", userName)))
            .Text(MessageText.Fill(messages.WaitingCardTakenText, ("agent", agentName), ("user", userName)), subtle: true)
            .ToJson();
    }

    public static string QueueNotice(string text, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new AdaptiveCardBuilder()
            .Text(text)
            .SubmitButton(messages.LeaveQueueButton, CancelHandoffCommandEntry.SubmitWord)
            .ToJson();
    }

    public static string MeetingInvitation(string agentName, string joinUrl, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new AdaptiveCardBuilder()
            .Title(MessageText.Fill(messages.MeetingInvitationTitle, ("agent", agentName)))
            .OpenUrlButton(messages.JoinMeetingButton, joinUrl)
            .ToJson();
    }

    public static string ConversationList(
        IReadOnlyList<(string Line, Guid? ConnectTo)> waiting,
        IReadOnlyList<string> connected,
        IReadOnlyList<string> recent,
        IReadOnlyList<Conversation> mine,
        ConversationId? focused,
        HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var card = new AdaptiveCardBuilder().Title(messages.ConversationListTitle);
        card.Text(waiting.Count == 0 ? messages.ConversationListNobodyWaiting : messages.ConversationListWaiting);
        foreach (var (line, _) in waiting)
        {
            card.Text("• " + line);
        }

        card.Text(connected.Count == 0 ? messages.ConversationListNoneConnected : messages.ConversationListConnected);
        foreach (var line in connected)
        {
            card.Text("• " + line);
        }

        if (recent.Count > 0)
        {
            card.Text(messages.ConversationListRecent, subtle: true);
            foreach (var line in recent)
            {
                card.Text("• " + line, subtle: true);
            }
        }

        var next = waiting.FirstOrDefault(w => w.ConnectTo is not null);
        if (next.ConnectTo is { } id)
        {
            card.SubmitButton(messages.ConnectNextButton, AcceptHandoffCommandEntry.SubmitWord, ("conversationId", id.ToString()));
        }

        // Serving several users, each has a focus button; the focused one is marked.
        ArgumentNullException.ThrowIfNull(mine);
        foreach (var conversation in mine.Where(_ => mine.Count > 1).OrderBy(c => c.ConnectedAt))
        {
            var line = conversation.Id == focused ? messages.FocusListFocusedLine : messages.FocusListLine;
            card.Text(MessageText.Fill(line, ("user", conversation.UserName), ("id", conversation.ShortId)));
            card.SubmitButton(MessageText.Fill(messages.FocusListButton, ("user", conversation.UserName), ("id", conversation.ShortId)), FocusConversationCommandEntry.SubmitWord, ("conversationId", conversation.Id.Value.ToString()));
        }

        return card.ToJson();
    }

    /// <summary>One focus button per live user (the focused one marked), under <paramref name="heading"/>.</summary>
    public static string ChooseFocus(string heading, IReadOnlyList<Conversation> live, ConversationId? focused, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(messages);
        var card = new AdaptiveCardBuilder().Text(heading);
        foreach (var conversation in live.OrderBy(c => c.ConnectedAt))
        {
            var title = conversation.Id == focused ? messages.FocusChoiceFocused : messages.FocusChoice;
            card.SubmitButton(MessageText.Fill(title, ("user", conversation.UserName), ("id", conversation.ShortId)), FocusConversationCommandEntry.SubmitWord, ("conversationId", conversation.Id.Value.ToString()));
        }

        return card.ToJson();
    }

    /// <summary>Attached to a relayed user message when the agent serves several users: one press focuses that user.</summary>
    public static string FocusThisUser(Conversation conversation, HandoffMessages messages) => new AdaptiveCardBuilder()
        .SubmitButton(MessageText.Fill(messages.FocusButton, ("user", $"{conversation.UserName} ({conversation.ShortId})")), FocusConversationCommandEntry.SubmitWord, ("conversationId", conversation.Id.Value.ToString()))
        .ToJson();
}
