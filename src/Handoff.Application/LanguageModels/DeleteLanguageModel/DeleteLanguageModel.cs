using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.DeleteLanguageModel;

/// <summary>An administrator deletes a custom language model; built-in ones are refused.</summary>
public sealed record DeleteLanguageModelCommand(LanguageModelId Id, string Actor) : ICommand<Result>;

public sealed class DeleteLanguageModelCommandHandler(ILanguageModelRepository models, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<DeleteLanguageModelCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteLanguageModelCommand command, CancellationToken cancellationToken)
    {
        var model = await models.FindAsync(command.Id, cancellationToken);
        if (model is null)
        {
            return LanguageModelErrors.NotFound(command.Id);
        }

        var deletable = model.EnsureCanBeDeleted();
        if (deletable.IsFailure)
        {
            return deletable;
        }

        models.Remove(model);
        audit.Add(AuditRecord.Create(AuditType.LanguageModelChanged, clock.GetUtcNow(), command.Actor, $"deleted '{model.Name}'"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
