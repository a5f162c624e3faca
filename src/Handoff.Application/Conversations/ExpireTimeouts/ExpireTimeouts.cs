using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.ExpireTimeouts;

/// <summary>
/// Run periodically: waiting users past the queue timeout go back to the bot; live conversations where the user or the
/// agent has been silent past their timeout end. Each conversation is saved on its own, so one conflict delays only it.
/// </summary>
public sealed record ExpireTimeoutsCommand : ICommand<ExpiredTimeouts>;

public sealed record ExpiredTimeouts(int QueueTimeouts, int InactivityEnds);

public sealed class ExpireTimeoutsCommandHandler(
    IConversationRepository conversations,
    IAgentRepository agents,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<ExpireTimeoutsCommand, ExpiredTimeouts>
{
    public async ValueTask<ExpiredTimeouts> Handle(ExpireTimeoutsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var options = (await settings.GetAsync(cancellationToken)).Handoff;

        var waiting = (await conversations.ListByStateAsync(ConversationState.Waiting, cancellationToken))
            .Where(c => c.HasWaitedTooLong(options.Timeouts.Queue, now)).Select(c => c.Id).ToList();
        var connected = (await conversations.ListByStateAsync(ConversationState.Connected, cancellationToken))
            .Where(c => c.InactivityEndDue(options.Timeouts.User, options.Timeouts.Agent, now) is not null).Select(c => c.Id).ToList();
        unitOfWork.DiscardChanges();

        var queueTimeouts = 0;
        foreach (var id in waiting)
        {
            queueTimeouts += await SaveOneAsync(() => ExpireInQueueAsync(id, options, now, cancellationToken), cancellationToken);
        }

        var inactivityEnds = 0;
        foreach (var id in connected)
        {
            inactivityEnds += await SaveOneAsync(() => EndInactiveAsync(id, options, now, cancellationToken), cancellationToken);
        }

        return new ExpiredTimeouts(queueTimeouts, inactivityEnds);
    }

    private async Task<int> SaveOneAsync(Func<Task<bool>> expire, CancellationToken cancellationToken)
    {
        try
        {
            if (!await expire())
            {
                return 0;
            }

            await unitOfWork.SaveChangesAsync(cancellationToken);
            return 1;
        }
        catch (ConcurrencyConflictException)
        {
            // Someone changed the conversation meanwhile (a message, a connect); the next scan looks again.
            unitOfWork.DiscardChanges();
            return 0;
        }
    }

    private async Task<bool> ExpireInQueueAsync(ConversationId id, HandoffOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(id, cancellationToken);
        if (conversation is null || !conversation.HasWaitedTooLong(options.Timeouts.Queue, now))
        {
            return false;
        }

        conversation.ExpireInQueue(options.Timeouts.Queue, now);
        notify.ToUser(conversation, options.Messages.QueueTimeout, now);
        if (!string.IsNullOrWhiteSpace(options.Messages.QueueTimeoutFallback))
        {
            notify.ToUser(conversation, options.Messages.QueueTimeoutFallback, now);
        }

        notify.HandoffStatus(conversation, "failed", "No agent was available in time.");
        await notify.ReplaceWaitingCardsAsync(conversation, new AdaptiveCardBuilder().Text($"{conversation.UserName} is no longer waiting (queue timeout).").ToJson(), cancellationToken);
        return true;
    }

    private async Task<bool> EndInactiveAsync(ConversationId id, HandoffOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(id, cancellationToken);
        var reason = conversation?.InactivityEndDue(options.Timeouts.User, options.Timeouts.Agent, now);
        if (conversation is null || reason is null)
        {
            return false;
        }

        var agent = await agents.FindAsync(conversation.AgentId!.Value, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {conversation.AgentId} of conversation {id} does not exist.");
        Handoffs.End(conversation, agent, reason.Value, now);
        var template = reason == EndReason.UserInactive ? options.Messages.UserTimeout : options.Messages.AgentTimeout;
        notify.ToUser(conversation, MessageText.Fill(template, ("agent", agent.DisplayName)), now);
        notify.ToAgent(agent, reason == EndReason.UserInactive
            ? $"The conversation with {conversation.UserName} ended: the user did not reply for {MessageText.Duration(options.Timeouts.User)}."
            : $"The conversation with {conversation.UserName} ended: you did not reply for {MessageText.Duration(options.Timeouts.Agent)}.");
        notify.HandoffStatus(conversation, "completed");
        return true;
    }
}
