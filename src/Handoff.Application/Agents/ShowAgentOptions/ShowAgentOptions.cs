using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.ShowAgentOptions;

/// <summary><c>options</c>: the card with a button for every agent command.</summary>
public sealed record ShowAgentOptionsCommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="ShowAgentOptionsCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class ShowAgentOptionsCommandEntry() : CommandEntry<ShowAgentOptionsCommand>(
    scenarioId: Scenario,
    word: "options",
    audience: Audience.Agent,
    description: "Agent: show the options card.",
    modelName: "Agent options",
    patterns: [@"^\s*options\s*$"],
    order: 60,
    helpLine: words => words.OptionsHelpLine)
{
    public const string Scenario = "builtin/agent_options";

    protected override ShowAgentOptionsCommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class ShowAgentOptionsCommandHandler(IAgentRepository agents, IHandoffQueries queries, IHandoffSettings settings, CommandCatalogue catalogue, Notifier notify, IUnitOfWork unitOfWork)
    : ICommandHandler<ShowAgentOptionsCommand, Result>
{
    public async ValueTask<Result> Handle(ShowAgentOptionsCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        var waiting = await queries.CountWaitingAsync(cancellationToken);
        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        notify.CardToAgent(agent, HandoffCards.AgentOptions(catalogue, agent.DisplayName, agent.Status.ToString(), waiting, words), words.AgentOptionsSummary);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
