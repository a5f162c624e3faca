using Handoff.Domain.Common;

namespace Handoff.Domain.LanguageModels;

/// <summary>
/// Maps utterances of one audience to a scenario with RegEx patterns. Confidence for an utterance is the length of the
/// longest match divided by the length of the trimmed utterance. Built-in models can be disabled or remapped, not deleted.
/// </summary>
public sealed class LanguageModel : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int MaxScenarioLength = 200;
    public const int MaxReplyLength = 4_000;
    public const string MethodRegex = "RegEx";

    private List<string> _patterns = [];

    private LanguageModel()
    {
        Name = string.Empty;
        ScenarioId = string.Empty;
    }

    public LanguageModelId Id { get; private set; }

    public string Name { get; private set; }

    public Audience Audience { get; private set; }

    public IReadOnlyList<string> Patterns => _patterns;

    public string ScenarioId { get; private set; }

    /// <summary>The text a custom (non built-in) scenario replies with.</summary>
    public string? ReplyText { get; private set; }

    public bool Enabled { get; private set; }

    public bool BuiltIn { get; private set; }

    /// <summary>For built-in models: which seed definition created it, so new built-ins are added on upgrade and edited ones are left alone.</summary>
    public string? SeedKey { get; private set; }

    /// <summary>Ties in confidence go to the lower order.</summary>
    public int Order { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Result<LanguageModel> Create(
        LanguageModelId id, string name, Audience audience, IReadOnlyCollection<string> patterns, string scenarioId,
        string? replyText, bool enabled, bool builtIn, int order, DateTimeOffset now, string? seedKey = null)
    {
        var model = new LanguageModel { Id = id, BuiltIn = builtIn, Order = order, SeedKey = seedKey };
        var applied = model.Apply(name, audience, patterns, scenarioId, replyText, enabled, now);
        return applied.IsSuccess ? model : applied.Error;
    }

    /// <summary>Changes every editable field at once; nothing changes when any field is refused.</summary>
    public Result Update(string name, Audience audience, IReadOnlyCollection<string> patterns, string scenarioId, string? replyText, bool enabled, DateTimeOffset now) =>
        Apply(name, audience, patterns, scenarioId, replyText, enabled, now);

    public void Disable(DateTimeOffset now)
    {
        Enabled = false;
        UpdatedAt = now;
        Touch();
    }

    public Result EnsureCanBeDeleted() => BuiltIn ? LanguageModelErrors.BuiltInCannotBeDeleted : Result.Success();

    public bool ListensTo(Audience speaker) => Enabled && (Audience == Audience.Any || Audience == speaker);

    /// <summary>Longest match length / trimmed utterance length, between 0 and 1.</summary>
    public double ConfidenceFor(string utterance, MatchBudget? budget = null)
    {
        budget ??= MatchBudget.StartNew();
        var trimmed = utterance?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return 0;
        }

        var longest = 0;
        foreach (var pattern in _patterns)
        {
            longest = Math.Max(longest, RegexPattern.LongestMatch(pattern, trimmed, budget));
        }

        return Math.Min(1.0, (double)longest / trimmed.Length);
    }

    private Result Apply(string name, Audience audience, IReadOnlyCollection<string> patterns, string scenarioId, string? replyText, bool enabled, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return LanguageModelErrors.NameRequired;
        }

        if (patterns is null || patterns.Count == 0)
        {
            return LanguageModelErrors.PatternsRequired;
        }

        foreach (var pattern in patterns)
        {
            var valid = RegexPattern.Validate(pattern);
            if (valid.IsFailure)
            {
                return valid;
            }
        }

        if (string.IsNullOrWhiteSpace(scenarioId))
        {
            return LanguageModelErrors.ScenarioRequired;
        }

        Name = name.Trim().Length > MaxNameLength ? name.Trim()[..MaxNameLength] : name.Trim();
        Audience = audience;
        _patterns = [.. patterns];
        ScenarioId = scenarioId.Trim();
        ReplyText = string.IsNullOrWhiteSpace(replyText) ? null : replyText.Trim();
        Enabled = enabled;
        UpdatedAt = now;
        Touch();
        return Result.Success();
    }
}
