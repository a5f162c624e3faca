using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;

namespace Handoff.Application.Management.AgentWebChatKeys;

/// <summary>
/// An administrator creates a personal agent web chat key for a named agent (<c>POST /api/management/agent-keys</c>,
/// or <c>/admin</c>). The key is shown once; the agent signed in with it is bound to this key, whatever name is typed.
/// Audited (name and key id, never the key).
/// </summary>
public sealed record CreateAgentKeyCommand(string AgentName, string Actor) : ICommand<Result<CreatedAgentKey>>;

public sealed class CreateAgentKeyCommandValidator : AbstractValidator<CreateAgentKeyCommand>
{
    public const int MaxAgentNameLength = 100;

    public CreateAgentKeyCommandValidator()
    {
        RuleFor(c => c.AgentName).NotEmpty().MaximumLength(MaxAgentNameLength).Must(n => n.Trim().Length > 0);
        RuleFor(c => c.Actor).NotEmpty().MaximumLength(AuditRecord.MaxActorLength);
    }
}

public sealed class CreateAgentKeyCommandHandler(
    IAgentCredentials credentials,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<CreateAgentKeyCommand, Result<CreatedAgentKey>>
{
    public async ValueTask<Result<CreatedAgentKey>> Handle(CreateAgentKeyCommand command, CancellationToken cancellationToken)
    {
        var created = await credentials.CreateKeyAsync(command.AgentName.Trim(), command.Actor, cancellationToken);
        audit.Add(AuditRecord.Create(AuditType.AgentKeyCreated, clock.GetUtcNow(), command.Actor, $"agent key {created.Info.Id} for {created.Info.AgentName}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return created;
    }
}
