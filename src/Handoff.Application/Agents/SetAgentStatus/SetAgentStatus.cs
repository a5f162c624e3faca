using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.SetAgentStatus;

/// <summary><c>status available</c> / <c>status away</c>; a bare <c>status</c> tells the current one.</summary>
public sealed record SetAgentStatusCommand(AgentId AgentId, string? Status) : ICommand<Result>;

/// <summary>How <see cref="SetAgentStatusCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class SetAgentStatusCommandEntry() : CommandEntry<SetAgentStatusCommand>(
    scenarioId: Scenario,
    word: "status",
    audience: Audience.Agent,
    description: "Agent: set presence (available/away).",
    modelName: "Agent status",
    patterns: [@"^\s*status(\s+\w+)?\s*$"],
    order: 50,
    helpLine: "**status available** / **status away** — presence",
    cardArgument: "status",
    buttons: [new("Available", ("status", "available")), new("Away", ("status", "away"))])
{
    public const string Scenario = "builtin/agent_status";

    protected override SetAgentStatusCommand Create(Invocation invocation) => new(invocation.AgentId, invocation.Argument);
}

public sealed class SetAgentStatusCommandHandler(IAgentRepository agents, IHandoffSettings settings, Notifier notify, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<SetAgentStatusCommand, Result>
{
    public async ValueTask<Result> Handle(SetAgentStatusCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");

        Result result;
        if (string.IsNullOrWhiteSpace(command.Status))
        {
            notify.ToAgent(agent, $"Your status is {agent.Status}. Type *status available* or *status away* to change it.");
            result = Result.Success();
        }
        else
        {
            result = Enum.TryParse<AgentStatus>(command.Status.Trim(), ignoreCase: true, out var status) && status != AgentStatus.LoggedOut
                ? agent.SetStatus(status, clock.GetUtcNow())
                : AgentErrors.InvalidStatus;
            notify.ToAgent(agent, result.IsSuccess
                ? $"Your status is now {agent.Status}." + (agent.Status == AgentStatus.Away ? " You won't be told about new waiting users." : string.Empty)
                : (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale).Render(result.Error));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return result;
    }
}
