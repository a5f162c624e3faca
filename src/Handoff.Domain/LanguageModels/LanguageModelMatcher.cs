namespace Handoff.Domain.LanguageModels;

/// <summary>
/// Runs every enabled model for the speaker's audience: the highest confidence wins, ties go to the lower order, and
/// nothing below the threshold matches. All models share one <see cref="MatchBudget"/> per utterance, so the time one
/// message costs is bounded however many patterns there are.
/// </summary>
public static class LanguageModelMatcher
{
    public static IReadOnlyList<(LanguageModel Model, double Confidence)> Score(IEnumerable<LanguageModel> models, Audience speaker, string utterance, MatchBudget? budget = null)
    {
        budget ??= MatchBudget.StartNew();
        return [.. models
            .Where(m => m.ListensTo(speaker))
            .OrderBy(m => m.Order)
            .Select(m => (m, m.ConfidenceFor(utterance, budget)))];
    }

    public static ScenarioMatch? Match(IEnumerable<LanguageModel> models, Audience speaker, string utterance, double threshold, MatchBudget? budget = null)
    {
        ScenarioMatch? best = null;
        foreach (var (model, confidence) in Score(models, speaker, utterance, budget))
        {
            if (confidence > 0 && confidence >= threshold && (best is null || confidence > best.Confidence))
            {
                best = new ScenarioMatch(model.ScenarioId, confidence, model);
            }
        }

        return best;
    }
}
