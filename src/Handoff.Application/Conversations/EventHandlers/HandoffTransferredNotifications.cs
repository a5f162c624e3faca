using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Application.Conversations.EventHandlers;

/// <summary>
/// A live user passed to another agent: the new agent gets the same "connected" summary with the recent transcript,
/// the user is told who took over, and the former agent is told where the user went (and asked to choose a focus if
/// several users are left).
/// </summary>
public sealed class HandoffTransferredNotifications(
    IConversationRepository conversations,
    IAgentRepository agents,
    ITranscriptRepository transcripts,
    IHandoffSettings settings,
    Notifier notify) : INotificationHandler<HandoffTransferredDomainEvent>
{
    public async ValueTask Handle(HandoffTransferredDomainEvent notification, CancellationToken cancellationToken)
    {
        var options = (await settings.GetAsync(cancellationToken)).Handoff;
        var conversation = await conversations.FindAsync(notification.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {notification.ConversationId} does not exist.");
        var to = await agents.FindAsync(notification.ToAgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {notification.ToAgentId} does not exist.");
        var from = await agents.FindAsync(notification.FromAgentId, cancellationToken);

        var recent = await transcripts.RecentAsync(conversation.Id, options.Queue.RecentTranscriptCount, cancellationToken);
        notify.ToUser(conversation, MessageText.Fill(options.Messages.For(conversation.Locale).TransferredToUser, ("agent", to.DisplayName)), notification.OccurredAt);
        var toWords = options.Messages.For(to.Locale);
        notify.ToAgent(to, AgentConnectedNotifications.Briefing(toWords, conversation, recent));
        FocusNotices.NewFocus(notify, to, conversation, toWords);
        if (from is not null)
        {
            var fromWords = options.Messages.For(from.Locale);
            notify.ToAgent(from, MessageText.Fill(fromWords.TransferredNotice, ("user", conversation.UserName), ("agent", to.DisplayName)));
            await FocusNotices.AfterLeavingAsync(notify, conversations, from, fromWords, cancellationToken);
        }
    }
}
