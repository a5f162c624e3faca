using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.SeedBuiltInLanguageModels;

/// <summary>
/// At every start, built-in language models that were never created are added (all of them on first start, a new
/// built-in command after an upgrade), one per command of the catalogue, with the patterns written next to its handler. Models already seeded are left as administrators made them: disabled or remapped
/// ones stay so.
/// </summary>
public sealed record SeedBuiltInLanguageModelsCommand : ICommand<int>;

public sealed class SeedBuiltInLanguageModelsCommandHandler(ILanguageModelRepository models, CommandCatalogue catalogue, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<SeedBuiltInLanguageModelsCommand, int>
{
    public async ValueTask<int> Handle(SeedBuiltInLanguageModelsCommand command, CancellationToken cancellationToken)
    {
        var seeded = (await models.SeedKeysAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var missing = catalogue.LanguageModels.Where(d => !seeded.Contains(d.ScenarioId)).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var order = (await models.ListAsync(cancellationToken)).Select(m => m.Order).DefaultIfEmpty(-1).Max() + 1;
        foreach (var definition in missing)
        {
            var model = LanguageModel.Create(LanguageModelId.New(), definition.Name, definition.Audience, [.. definition.Patterns], definition.ScenarioId, null, enabled: true, builtIn: true, order++, now, seedKey: definition.ScenarioId);
            models.Add(model.IsSuccess ? model.Value : throw new InvalidOperationException($"Built-in model '{definition.Name}' is invalid: {model.Error}"));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }
}
