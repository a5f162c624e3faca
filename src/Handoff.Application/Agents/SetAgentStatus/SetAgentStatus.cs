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
    helpLine: words => words.StatusHelpLine,
    cardArgument: "status",
    buttons: [new(words => words.StatusAvailableButton, ("status", "available")), new(words => words.StatusAwayButton, ("status", "away"))])
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

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        Result result;
        if (string.IsNullOrWhiteSpace(command.Status))
        {
            notify.ToAgent(agent, MessageText.Fill(words.AgentStatusIs, ("status", agent.Status)));
            result = Result.Success();
        }
        else
        {
            result = Enum.TryParse<AgentStatus>(command.Status.Trim(), ignoreCase: true, out var status) && status != AgentStatus.LoggedOut
                ? agent.SetStatus(status, clock.GetUtcNow())
                : AgentErrors.InvalidStatus;
            notify.ToAgent(agent, result.IsSuccess
                ? MessageText.Fill(agent.Status == AgentStatus.Away ? words.AgentStatusNowAway : words.AgentStatusNow, ("status", agent.Status))
                : words.Render(result.Error));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return result;
    }
}
