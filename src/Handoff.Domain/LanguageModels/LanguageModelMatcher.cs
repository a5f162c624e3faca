namespace Handoff.Domain.LanguageModels;

/// <summary>
/// Runs every enabled model for the speaker's audience: the highest confidence wins, ties go to the lower order, and
/// nothing below the threshold matches.
/// </summary>
public static class LanguageModelMatcher
{
    public static IReadOnlyList<(LanguageModel Model, double Confidence)> Score(IEnumerable<LanguageModel> models, Audience speaker, string utterance) =>
        [.. models
            .Where(m => m.ListensTo(speaker))
            .OrderBy(m => m.Order)
            .Select(m => (m, m.ConfidenceFor(utterance)))];

    public static ScenarioMatch? Match(IEnumerable<LanguageModel> models, Audience speaker, string utterance, double threshold)
    {
        ScenarioMatch? best = null;
        foreach (var (model, confidence) in Score(models, speaker, utterance))
        {
            if (confidence > 0 && confidence >= threshold && (best is null || confidence > best.Confidence))
            {
                best = new ScenarioMatch(model.ScenarioId, confidence, model);
            }
        }

        return best;
    }
}
