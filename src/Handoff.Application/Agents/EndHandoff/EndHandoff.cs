using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.EndHandoff;

/// <summary>
/// <c>disconnect</c>: the agent ends their live conversation (the most recent one); the user is back with the bot, and the
/// agent is shown the next waiting user.
/// </summary>
public sealed record EndHandoffCommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="EndHandoffCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class EndHandoffCommandEntry() : CommandEntry<EndHandoffCommand>(
    scenarioId: Scenario,
    word: "disconnect",
    audience: Audience.Agent,
    description: "Agent: end the live conversation.",
    modelName: "Agent disconnect",
    patterns: [@"^\s*disconnect\s*$"],
    order: 30,
    helpLine: "**disconnect** — end the live conversation",
    buttons: [new("Disconnect")])
{
    public const string Scenario = "builtin/agent_disconnect";

    protected override EndHandoffCommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class EndHandoffCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<EndHandoffCommand, Result>
{
    public async ValueTask<Result> Handle(EndHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");

        var conversation = (await conversations.ListConnectedToAsync(agent.Id, cancellationToken)).FirstOrDefault();
        if (conversation is null)
        {
            foreach (var stale in agent.ConnectedConversations)
            {
                Handoffs.ReleaseStale(agent, stale);
            }

            notify.ToAgent(agent, (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale).Render(AgentErrors.NotConnected));
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return AgentErrors.NotConnected;
        }

        var ended = Handoffs.End(conversation, agent, EndReason.AgentDisconnected, now);
        // Both sides are told, and the agent shown the next waiting user, by HandoffEndedNotifications, inside this save.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return ended;
    }
}
