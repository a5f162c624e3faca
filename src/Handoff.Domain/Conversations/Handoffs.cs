using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Domain.Conversations;

/// <summary>
/// The rules that span a conversation and its agent. Both aggregates change in one save, each guarded by its
/// concurrency token, so a claim either fully happens or not at all.
/// </summary>
public static class Handoffs
{
    /// <summary>
    /// The agent claims a waiting user. Refused when the agent is signed out or at capacity, or when the user is no
    /// longer waiting (someone else won: "already taken by ...").
    /// </summary>
    public static Result Connect(Conversation conversation, Agent agent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var canTake = CanTakeAnother(agent);
        if (canTake.IsFailure)
        {
            return canTake;
        }

        var connected = conversation.Connect(agent.Id, agent.DisplayName, now);
        if (connected.IsFailure)
        {
            return connected;
        }

        var taken = agent.Take(conversation.Id, now);
        if (taken.IsFailure)
        {
            throw new InvalidOperationException("The agent was checked before connecting: " + taken.Error.Code);
        }

        return Result.Success();
    }

    /// <summary>Checks the agent side of a claim before touching the conversation.</summary>
    public static Result CanTakeAnother(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!agent.IsLoggedIn)
        {
            return AgentErrors.NotLoggedIn;
        }

        return agent.ConnectedConversations.Count >= agent.Capacity ? AgentErrors.AtCapacity : Result.Success();
    }

    /// <summary>Ends a live conversation: the user returns to the bot and the agent gets the capacity back.</summary>
    public static Result End(Conversation conversation, Agent agent, EndReason reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(agent);
        if (!conversation.IsConnectedTo(agent.Id))
        {
            return ConversationErrors.NotConnected;
        }

        var ended = conversation.End(reason, now);
        agent.Release(conversation.Id);
        return ended;
    }

    /// <summary>
    /// <paramref name="from"/> hands their live <paramref name="conversation"/> to <paramref name="to"/>, who must be
    /// signed in, available (not away) and have room. All three aggregates change together or not at all: a refusal
    /// changes nothing. The user becomes <paramref name="to"/>'s focus.
    /// </summary>
    public static Result Transfer(Conversation conversation, Agent from, Agent to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (!conversation.IsConnectedTo(from.Id))
        {
            return ConversationErrors.NotConnected;
        }

        if (to.Id == from.Id)
        {
            return AgentErrors.TransferToSelf;
        }

        if (to.Status != AgentStatus.Available)
        {
            return AgentErrors.TransferTargetUnavailable(to.DisplayName);
        }

        if (CanTakeAnother(to).IsFailure)
        {
            return AgentErrors.TransferTargetFull(to.DisplayName);
        }

        var taken = to.Take(conversation.Id, now);
        if (taken.IsFailure)
        {
            throw new InvalidOperationException("The target agent was checked before the transfer: " + taken.Error.Code);
        }

        from.Release(conversation.Id);
        return conversation.TransferTo(to.Id, to.DisplayName, now);
    }

    /// <summary>
    /// <paramref name="from"/> puts their live user back in the queue ahead of everyone waiting
    /// (<paramref name="highestWaitingPriority"/> is the highest priority in the queue now, null when it is empty).
    /// </summary>
    public static Result ReturnToQueue(Conversation conversation, Agent from, int? highestWaitingPriority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(from);
        if (!conversation.IsConnectedTo(from.Id))
        {
            return ConversationErrors.NotConnected;
        }

        var returned = conversation.ReturnToQueue(highestWaitingPriority is { } highest ? highest + 1 : conversation.Priority, now);
        from.Release(conversation.Id);
        return returned;
    }

    /// <summary>Repairs an agent that still lists a conversation which is no longer connected to it.</summary>
    public static void ReleaseStale(Agent agent, ConversationId conversationId)
    {
        ArgumentNullException.ThrowIfNull(agent);
        agent.Release(conversationId);
    }
}
