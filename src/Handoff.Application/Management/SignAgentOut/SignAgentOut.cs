using Handoff.Application.Agents.SignOutAgent;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;

namespace Handoff.Application.Management.SignAgentOut;

/// <summary>
/// An administrator signs an agent out (<c>POST /api/management/agents/{id}/sign-out</c>, or <c>/admin</c>): every
/// token issued to that agent so far stops working (requests 403, refresh 403, streams closed), and if they are signed
/// in their live users are told and handed back to the bot. For a stolen token: it is dead after this. Audited.
/// </summary>
public sealed record SignAgentOutCommand(Guid AgentId, string Actor) : ICommand<Result>;

public sealed class SignAgentOutCommandValidator : AbstractValidator<SignAgentOutCommand>
{
    public SignAgentOutCommandValidator() => RuleFor(c => c.Actor).NotEmpty().MaximumLength(AuditRecord.MaxActorLength);
}

public sealed class SignAgentOutCommandHandler(
    IAgentRepository agents,
    IAgentCredentials credentials,
    ISender sender,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<SignAgentOutCommand, Result>
{
    public static Error NotFound(Guid id) => new("agent.not_found", ("id", id.ToString()));

    public async ValueTask<Result> Handle(SignAgentOutCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(new AgentId(command.AgentId), cancellationToken);
        if (agent is null)
        {
            return NotFound(command.AgentId);
        }

        // The tokens first, also for an agent who already looks signed out: a stolen token could sign in again.
        await credentials.EndSessionsAsync(agent.ChannelAccountKey, cancellationToken);
        if (agent.IsLoggedIn)
        {
            await sender.Send(new SignOutAgentCommand(agent.Id, AgentLogoutReason.ByAdministrator), cancellationToken);
        }

        audit.Add(AuditRecord.Create(AuditType.AgentSignedOut, clock.GetUtcNow(), command.Actor, $"signed out {agent.DisplayName}", agentId: agent.Id.Value));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
