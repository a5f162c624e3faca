using Handoff.Application.Common.Interfaces;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.TestUtterance;

/// <summary>How an administrator checks a pattern: every model's confidence for an utterance, and the scenario that would win.</summary>
public sealed record TestUtteranceQuery(string Utterance, Audience Audience) : IQuery<UtteranceTestResult>;

public sealed record UtteranceTestResult(string? WinningScenarioId, Guid? WinningModelId, double Threshold, IReadOnlyList<ModelScore> Scores);

public sealed record ModelScore(Guid ModelId, string Name, string ScenarioId, double Confidence);

public sealed class TestUtteranceQueryValidator : AbstractValidator<TestUtteranceQuery>
{
    public TestUtteranceQueryValidator() => RuleFor(q => q.Utterance).NotEmpty().MaximumLength(4_000);
}

public sealed class TestUtteranceQueryHandler(ILanguageModelRepository models, IHandoffSettings settings) : IQueryHandler<TestUtteranceQuery, UtteranceTestResult>
{
    public async ValueTask<UtteranceTestResult> Handle(TestUtteranceQuery query, CancellationToken cancellationToken)
    {
        var all = await models.ListAsync(cancellationToken);
        var threshold = (await settings.GetAsync(cancellationToken)).Handoff.LanguageModels.Threshold;
        var scores = LanguageModelMatcher.Score(all, query.Audience, query.Utterance)
            .Select(s => new ModelScore(s.Model.Id.Value, s.Model.Name, s.Model.ScenarioId, Math.Round(s.Confidence, 4)))
            .ToList();
        var winner = LanguageModelMatcher.Match(all, query.Audience, query.Utterance, threshold);
        return new UtteranceTestResult(winner?.ScenarioId, winner?.Model.Id.Value, threshold, scores);
    }
}
