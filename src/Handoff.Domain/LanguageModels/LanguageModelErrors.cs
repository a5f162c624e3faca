using Handoff.Domain.Common;

namespace Handoff.Domain.LanguageModels;

/// <summary>The refusals of the language model aggregate.</summary>
public static class LanguageModelErrors
{
    public static readonly Error NameRequired = new("language_model.name_required", "A language model needs a name.");

    public static readonly Error PatternsRequired = new("language_model.patterns_required", "A language model needs at least one pattern.");

    public static readonly Error ScenarioRequired = new("language_model.scenario_required", "A language model must map to a scenario.");

    public static readonly Error BuiltInCannotBeDeleted = new("language_model.builtin", "Built-in language models can be disabled or remapped, not deleted.");

    public static Error InvalidPattern(string pattern, string reason) =>
        new("language_model.invalid_pattern", $"The pattern '{pattern}' is not a valid regular expression: {reason}");

    public static Error NotFound(LanguageModelId id) => new("language_model.not_found", $"No language model has the id {id}.");
}
