using Handoff.Application.Common.Settings;
using Handoff.Application.Scenarios;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels;

/// <summary>Input rules shared by creating and updating a language model.</summary>
public static class LanguageModelRules
{
    private static readonly HandoffMessages s_words = new();

    public static void Apply<T>(AbstractValidator<T> validator, Func<T, string> name, Func<T, string> method, Func<T, IReadOnlyList<string>> patterns, Func<T, string> scenario, Func<T, string?> reply)
    {
        validator.RuleFor(c => name(c)).NotEmpty().MaximumLength(LanguageModel.MaxNameLength).OverridePropertyName("name");
        validator.RuleFor(c => method(c)).Equal(LanguageModel.MethodRegex).WithMessage("Method must be 'RegEx'.").OverridePropertyName("method");
        validator.RuleFor(c => patterns(c)).NotEmpty().WithMessage("At least one pattern is required.").OverridePropertyName("patterns");
        validator.RuleForEach(c => patterns(c))
            .Must(pattern => RegexPattern.Validate(pattern).IsSuccess)
            // Validators run before any settings are read: the default words (the management API speaks English).
            .WithMessage((_, pattern) => s_words.Render(RegexPattern.Validate(pattern).Error))
            .OverridePropertyName("patterns");
        validator.RuleFor(c => scenario(c)).NotEmpty().MaximumLength(LanguageModel.MaxScenarioLength)
            .Must(ScenarioIds.IsKnown).WithMessage("Scenario must be a built-in scenario (see /scenarios) or start with 'custom/'.").OverridePropertyName("scenarioId");
        validator.RuleFor(c => reply(c)).NotEmpty().When(c => scenario(c)?.StartsWith(ScenarioIds.CustomPrefix, StringComparison.Ordinal) == true)
            .WithMessage("A custom scenario needs a reply text.").OverridePropertyName("replyText");
        validator.RuleFor(c => reply(c)).MaximumLength(LanguageModel.MaxReplyLength).OverridePropertyName("replyText");
    }
}
