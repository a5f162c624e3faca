using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.UpdateLanguageModel;

/// <summary>An administrator changes a language model (built-in ones too: they can be remapped or disabled).</summary>
public sealed record UpdateLanguageModelCommand(
    LanguageModelId Id, string Name, string Method, Audience Audience, IReadOnlyList<string> Patterns, string ScenarioId, string? ReplyText, bool Enabled, string Actor)
    : ICommand<Result<LanguageModelDto>>;

public sealed class UpdateLanguageModelCommandValidator : AbstractValidator<UpdateLanguageModelCommand>
{
    public UpdateLanguageModelCommandValidator() =>
        LanguageModelRules.Apply(this, c => c.Name, c => c.Method, c => c.Patterns, c => c.ScenarioId, c => c.ReplyText);
}

public sealed class UpdateLanguageModelCommandHandler(ILanguageModelRepository models, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<UpdateLanguageModelCommand, Result<LanguageModelDto>>
{
    public async ValueTask<Result<LanguageModelDto>> Handle(UpdateLanguageModelCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var model = await models.FindAsync(command.Id, cancellationToken);
        if (model is null)
        {
            return LanguageModelErrors.NotFound(command.Id);
        }

        var updated = model.Update(command.Name, command.Audience, command.Patterns, command.ScenarioId, command.ReplyText, command.Enabled, now);
        if (updated.IsFailure)
        {
            return updated.Error;
        }

        audit.Add(AuditRecord.Create(AuditType.LanguageModelChanged, now, command.Actor, $"updated '{model.Name}' → {model.ScenarioId} (enabled: {model.Enabled})"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return LanguageModelDto.From(model);
    }
}
