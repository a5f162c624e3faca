using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Application.Agents.ShowAgentOptions;

/// <summary><c>options</c>: the card with a button for every agent command.</summary>
public sealed record ShowAgentOptionsCommand(AgentId AgentId) : ICommand<Result>;

public sealed class ShowAgentOptionsCommandHandler(IAgentRepository agents, IHandoffQueries queries, Notifier notify, IUnitOfWork unitOfWork)
    : ICommandHandler<ShowAgentOptionsCommand, Result>
{
    public async ValueTask<Result> Handle(ShowAgentOptionsCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        var waiting = await queries.CountWaitingAsync(cancellationToken);
        notify.CardToAgent(agent, HandoffCards.AgentOptions(agent.DisplayName, agent.Status.ToString(), waiting), "Agent options");
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
