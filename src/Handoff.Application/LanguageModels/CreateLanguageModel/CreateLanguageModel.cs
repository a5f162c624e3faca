using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.CreateLanguageModel;

/// <summary>An administrator adds a RegEx language model.</summary>
public sealed record CreateLanguageModelCommand(
    string Name, string Method, Audience Audience, IReadOnlyList<string> Patterns, string ScenarioId, string? ReplyText, bool Enabled, string Actor)
    : ICommand<Result<LanguageModelDto>>;

public sealed class CreateLanguageModelCommandValidator : AbstractValidator<CreateLanguageModelCommand>
{
    public CreateLanguageModelCommandValidator() =>
        LanguageModelRules.Apply(this, c => c.Name, c => c.Method, c => c.Patterns, c => c.ScenarioId, c => c.ReplyText);
}

public sealed class CreateLanguageModelCommandHandler(ILanguageModelRepository models, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<CreateLanguageModelCommand, Result<LanguageModelDto>>
{
    public async ValueTask<Result<LanguageModelDto>> Handle(CreateLanguageModelCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var order = (await models.ListAsync(cancellationToken)).Select(m => m.Order).DefaultIfEmpty(0).Max() + 1;
        var created = LanguageModel.Create(LanguageModelId.New(), command.Name, command.Audience, command.Patterns, command.ScenarioId, command.ReplyText, command.Enabled, builtIn: false, order, now);
        if (created.IsFailure)
        {
            return created.Error;
        }

        models.Add(created.Value);
        audit.Add(AuditRecord.Create(AuditType.LanguageModelChanged, now, command.Actor, $"created '{created.Value.Name}' → {created.Value.ScenarioId}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return LanguageModelDto.From(created.Value);
    }
}
