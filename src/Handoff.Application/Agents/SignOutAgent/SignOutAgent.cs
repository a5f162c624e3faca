using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Agents.SignOutAgent;

/// <summary>
/// Signs out an agent who lost their rights (removed from the agent group) or can no longer be reached (blocked the bot).
/// Their live conversations end politely first: each user is told and goes back to the bot.
/// </summary>
public sealed record SignOutAgentCommand(AgentId AgentId, AgentLogoutReason Reason) : ICommand<Result>, IRetryOnConflict;

public sealed class SignOutAgentCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<SignOutAgentCommand, Result>
{
    public async ValueTask<Result> Handle(SignOutAgentCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var agent = await agents.FindAsync(command.AgentId, cancellationToken);
        if (agent is null || !agent.IsLoggedIn)
        {
            return AgentErrors.NotLoggedIn;
        }

        var endReason = command.Reason == AgentLogoutReason.Unreachable ? EndReason.AgentUnreachable : EndReason.AgentRevoked;
        foreach (var conversation in await conversations.ListConnectedToAsync(agent.Id, cancellationToken))
        {
            // Each user is told by HandoffEndedNotifications, inside this save.
            Handoffs.End(conversation, agent, endReason, now);
        }

        foreach (var stale in agent.ConnectedConversations)
        {
            Handoffs.ReleaseStale(agent, stale);
        }

        agent.ForceLogout(command.Reason, now);
        if (command.Reason == AgentLogoutReason.MembershipRevoked)
        {
            notify.ToAgent(agent, (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale).AgentRevoked);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
