using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.DisableLanguageModel;

/// <summary>An administrator turns a language model off without deleting it.</summary>
public sealed record DisableLanguageModelCommand(LanguageModelId Id, string Actor) : ICommand<Result>;

public sealed class DisableLanguageModelCommandHandler(ILanguageModelRepository models, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<DisableLanguageModelCommand, Result>
{
    public async ValueTask<Result> Handle(DisableLanguageModelCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var model = await models.FindAsync(command.Id, cancellationToken);
        if (model is null)
        {
            return LanguageModelErrors.NotFound(command.Id);
        }

        model.Disable(now);
        audit.Add(AuditRecord.Create(AuditType.LanguageModelChanged, now, command.Actor, $"disabled '{model.Name}'"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
