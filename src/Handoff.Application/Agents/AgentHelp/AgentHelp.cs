using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.AgentHelp;

/// <summary><c>help</c> from an agent: the list of commands, from the catalogue's help lines.</summary>
public sealed record AgentHelpCommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="AgentHelpCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class AgentHelpCommandEntry() : CommandEntry<AgentHelpCommand>(
    scenarioId: Scenario,
    word: "help",
    audience: Audience.Agent,
    description: "Agent: list the agent commands.",
    modelName: "Agent help",
    patterns: [@"^\s*help\s*$"],
    order: 90,
    buttons: [new(words => words.HelpButton)])
{
    public const string Scenario = "builtin/agent_help";

    protected override AgentHelpCommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class AgentHelpCommandHandler(IAgentRepository agents, CommandCatalogue catalogue, IHandoffSettings settings, Notifier notify, IUnitOfWork unitOfWork) : ICommandHandler<AgentHelpCommand, Result>
{
    public async ValueTask<Result> Handle(AgentHelpCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        notify.ToAgent(agent, catalogue.AgentHelp((await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale)));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
