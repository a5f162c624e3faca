using System.Globalization;
using Handoff.Domain.Common;

namespace Handoff.Domain.LanguageModels;

/// <summary>The refusals of the language model aggregate (codes and their data; the words catalogue says them).</summary>
public static class LanguageModelErrors
{
    public static readonly Error NameRequired = new("language_model.name_required");

    public static readonly Error PatternsRequired = new("language_model.patterns_required");

    public static readonly Error ScenarioRequired = new("language_model.scenario_required");

    public static readonly Error BuiltInCannotBeDeleted = new("language_model.builtin");

    /// <summary>The regular-expression engine refused the pattern; <paramref name="reason"/> is its own (English, technical) explanation.</summary>
    public static Error InvalidPattern(string pattern, string reason) =>
        new("language_model.invalid_pattern", ("pattern", pattern), ("reason", reason));

    public static Error EmptyPattern(string pattern) => new("language_model.empty_pattern", ("pattern", pattern));

    public static Error PatternTooLong(string patternStart, int maxLength) =>
        new("language_model.pattern_too_long", ("pattern", patternStart), ("max", maxLength.ToString(CultureInfo.InvariantCulture)));

    public static Error NotFound(LanguageModelId id) => new("language_model.not_found", ("id", id.ToString()));
}
