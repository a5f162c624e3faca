using Handoff.Application.Agents.SignOutAgent;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;

namespace Handoff.Application.Management.AgentWebChatKeys;

/// <summary>
/// An administrator revokes a personal agent key (<c>DELETE /api/management/agent-keys/{id}</c>): its tokens stop
/// working at once (requests 403, streams closed), and the agent, if signed in, is signed out, their live users told
/// and handed back to the bot. Audited.
/// </summary>
public sealed record RevokeAgentKeyCommand(string Id, string Actor) : ICommand<Result>;

public sealed class RevokeAgentKeyCommandValidator : AbstractValidator<RevokeAgentKeyCommand>
{
    public RevokeAgentKeyCommandValidator()
    {
        RuleFor(c => c.Id).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Actor).NotEmpty().MaximumLength(AuditRecord.MaxActorLength);
    }
}

public sealed class RevokeAgentKeyCommandHandler(
    IAgentCredentials credentials,
    IAgentRepository agents,
    ISender sender,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<RevokeAgentKeyCommand, Result>
{
    public static Error NotFound(string id) => new("agent_key.not_found", ("id", id));

    public async ValueTask<Result> Handle(RevokeAgentKeyCommand command, CancellationToken cancellationToken)
    {
        // The credential first: from here on its tokens are refused, whatever happens to the rest.
        var revoked = await credentials.RevokeKeyAsync(command.Id, cancellationToken);
        if (revoked is null)
        {
            return NotFound(command.Id);
        }

        var agent = await agents.FindByChannelAccountAsync(revoked.ChannelAccountKey, cancellationToken);
        if (agent is { IsLoggedIn: true })
        {
            await sender.Send(new SignOutAgentCommand(agent.Id, AgentLogoutReason.ByAdministrator), cancellationToken);
        }

        audit.Add(AuditRecord.Create(AuditType.AgentKeyRevoked, clock.GetUtcNow(), command.Actor, $"agent key {revoked.Id} of {revoked.AgentName}", agentId: agent?.Id.Value));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
