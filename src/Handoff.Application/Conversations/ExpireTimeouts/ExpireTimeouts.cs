using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.ExpireTimeouts;

/// <summary>
/// Run periodically: waiting users past the queue timeout go back to the bot; live conversations where the user or the
/// agent has been silent past their timeout end. Each conversation is its own command through the pipeline
/// (<see cref="ExpireConversationTimeoutCommand"/>), so one conflict delays only it and is retried by the conflict policy.
/// </summary>
public sealed record ExpireTimeoutsCommand : ICommand<ExpiredTimeouts>;

public sealed record ExpiredTimeouts(int QueueTimeouts, int InactivityEnds);

/// <summary>One conversation whose timeout may be due: decided again on fresh data, and expired if it still is.</summary>
public sealed record ExpireConversationTimeoutCommand(ConversationId ConversationId) : ICommand<bool>, IRetryOnConflict;

public sealed class ExpireTimeoutsCommandHandler(
    IConversationRepository conversations,
    IHandoffSettings settings,
    IUnitOfWork unitOfWork,
    ISender sender,
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
            queueTimeouts += await sender.Send(new ExpireConversationTimeoutCommand(id), cancellationToken) ? 1 : 0;
        }

        var inactivityEnds = 0;
        foreach (var id in connected)
        {
            inactivityEnds += await sender.Send(new ExpireConversationTimeoutCommand(id), cancellationToken) ? 1 : 0;
        }

        return new ExpiredTimeouts(queueTimeouts, inactivityEnds);
    }
}

public sealed class ExpireConversationTimeoutCommandHandler(
    IConversationRepository conversations,
    IAgentRepository agents,
    IHandoffSettings settings,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<ExpireConversationTimeoutCommand, bool>
{
    public async ValueTask<bool> Handle(ExpireConversationTimeoutCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var options = (await settings.GetAsync(cancellationToken)).Handoff;
        var expired = await ExpireInQueueAsync(command.ConversationId, options, now, cancellationToken)
            || await EndInactiveAsync(command.ConversationId, options, now, cancellationToken);
        if (expired)
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }

        return expired;
    }

    private async Task<bool> ExpireInQueueAsync(ConversationId id, HandoffOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(id, cancellationToken);
        if (conversation is null || !conversation.HasWaitedTooLong(options.Timeouts.Queue, now))
        {
            return false;
        }

        // The user and the agents are told by HandoffTimedOutNotifications, inside the save.
        conversation.ExpireInQueue(options.Timeouts.Queue, now);
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
        // Both sides are told by HandoffEndedNotifications, inside the save.
        Handoffs.End(conversation, agent, reason.Value, now);
        return true;
    }
}
