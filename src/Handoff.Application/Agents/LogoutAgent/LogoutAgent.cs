using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.LogoutAgent;

/// <summary><c>logout</c>: the agent signs out; refused while still connected to a user.</summary>
public sealed record LogoutAgentCommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="LogoutAgentCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class LogoutAgentCommandEntry() : CommandEntry<LogoutAgentCommand>(
    scenarioId: Scenario,
    word: "logout",
    audience: Audience.Agent,
    description: "Agent: sign out.",
    modelName: "Agent logout",
    patterns: [@"^\s*logout\s*$"],
    order: 80,
    helpLine: words => words.LogoutHelpLine,
    buttons: [new(words => words.LogoutButton)])
{
    public const string Scenario = "builtin/agent_logout";

    protected override LogoutAgentCommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class LogoutAgentCommandHandler(IAgentRepository agents, IHandoffSettings settings, Notifier notify, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<LogoutAgentCommand, Result>
{
    public async ValueTask<Result> Handle(LogoutAgentCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        var loggedOut = agent.Logout(clock.GetUtcNow());
        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        notify.ToAgent(agent, loggedOut.IsSuccess ? words.AgentSignedOut : words.Render(loggedOut.Error));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return loggedOut;
    }
}
