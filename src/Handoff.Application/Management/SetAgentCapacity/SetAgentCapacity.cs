using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;

namespace Handoff.Application.Management.SetAgentCapacity;

/// <summary>
/// An administrator sets how many live users one agent may hold (<c>PUT /api/management/agents/{id}/capacity</c>, or
/// <c>/admin</c>); null clears it, and the agent follows the global default (<c>Handoff:Agents:Capacity</c>) again.
/// Audited. It holds across sign-ins.
/// </summary>
public sealed record SetAgentCapacityCommand(Guid AgentId, int? Capacity, string Actor) : ICommand<Result>, IRetryOnConflict;

public sealed class SetAgentCapacityCommandValidator : AbstractValidator<SetAgentCapacityCommand>
{
    public SetAgentCapacityCommandValidator()
    {
        RuleFor(c => c.Capacity).InclusiveBetween(1, Agent.MaxCapacity).When(c => c.Capacity is not null);
        RuleFor(c => c.Actor).NotEmpty().MaximumLength(AuditRecord.MaxActorLength);
    }
}

public sealed class SetAgentCapacityCommandHandler(
    IAgentRepository agents,
    IHandoffSettings settings,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<SetAgentCapacityCommand, Result>
{
    public static Error NotFound(Guid id) => new("agent.not_found", ("id", id.ToString()));

    public async ValueTask<Result> Handle(SetAgentCapacityCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(new AgentId(command.AgentId), cancellationToken);
        if (agent is null)
        {
            return NotFound(command.AgentId);
        }

        var globalDefault = (await settings.GetAsync(cancellationToken)).Handoff.Agents.Capacity;
        var set = agent.SetCapacity(command.Capacity, globalDefault);
        if (set.IsFailure)
        {
            return set;
        }

        audit.Add(AuditRecord.Create(
            AuditType.AgentCapacityChanged, clock.GetUtcNow(), command.Actor,
            $"capacity of {agent.DisplayName}: {command.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"global default ({globalDefault})"}",
            agentId: agent.Id.Value));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
