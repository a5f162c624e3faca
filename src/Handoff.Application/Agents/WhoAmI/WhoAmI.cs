using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.WhoAmI;

/// <summary><c>whoami</c>: how Handoff sees the agent — name, status, load, channel. The worked example of docs/adding-a-command.md.</summary>
public sealed record WhoAmICommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="WhoAmICommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class WhoAmICommandEntry() : CommandEntry<WhoAmICommand>(
    scenarioId: Scenario,
    word: "whoami",
    audience: Audience.Agent,
    description: "Agent: how Handoff sees you (name, status, load, channel).",
    modelName: "Agent who am I",
    patterns: [@"^\s*who\s?am\s?i\??\s*$"],
    order: 70,
    helpLine: words => words.WhoAmIHelpLine)
{
    public const string Scenario = "builtin/agent_whoami";

    protected override WhoAmICommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class WhoAmICommandValidator : AbstractValidator<WhoAmICommand>
{
    public WhoAmICommandValidator() => RuleFor(c => c.AgentId.Value).NotEmpty();
}

public sealed class WhoAmICommandHandler(IAgentRepository agents, IHandoffSettings settings, Notifier notify, IUnitOfWork unitOfWork) : ICommandHandler<WhoAmICommand, Result>
{
    public async ValueTask<Result> Handle(WhoAmICommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken);
        if (agent is null)
        {
            return AgentErrors.NotLoggedIn;
        }

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        notify.ToAgent(agent, MessageText.Fill(
            words.AgentWhoAmI,
            ("agent", agent.DisplayName),
            ("status", agent.Status),
            ("channel", agent.Address?.ChannelId ?? words.UnknownChannel),
            ("connected", agent.ConnectedConversations.Count),
            ("capacity", agent.Capacity)));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
