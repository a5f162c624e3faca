using Handoff.Application.Common.Interfaces;
using Handoff.Application.Scenarios;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.SeedBuiltInLanguageModels;

/// <summary>On first start, the built-in language models are created; afterwards administrators own them (disabled or remapped ones stay so).</summary>
public sealed record SeedBuiltInLanguageModelsCommand : ICommand<int>;

public sealed class SeedBuiltInLanguageModelsCommandHandler(ILanguageModelRepository models, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<SeedBuiltInLanguageModelsCommand, int>
{
    public async ValueTask<int> Handle(SeedBuiltInLanguageModelsCommand command, CancellationToken cancellationToken)
    {
        if (await models.AnyBuiltInAsync(cancellationToken))
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var order = 0;
        foreach (var definition in BuiltInLanguageModels.All)
        {
            var model = LanguageModel.Create(LanguageModelId.New(), definition.Name, definition.Audience, definition.Patterns, definition.ScenarioId, null, enabled: true, builtIn: true, order++, now);
            models.Add(model.IsSuccess ? model.Value : throw new InvalidOperationException($"Built-in model '{definition.Name}' is invalid: {model.Error.Message}"));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return BuiltInLanguageModels.All.Count;
    }
}
