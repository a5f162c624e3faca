using Handoff.Domain.LanguageModels;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.LanguageModels;

/// <summary>The regex timeout bounds one match call; the budget bounds one utterance across every pattern of every model.</summary>
public sealed class MatchBudgetTests
{
    [Fact]
    public void PatternsWithoutBacktrackingConstructs_RunOnTheLinearTimeEngine_OthersKeepBacktracking()
    {
        RegexPattern.RunsInLinearTime("(a+)+$").ShouldBeTrue();
        RegexPattern.RunsInLinearTime("talk to a (person|human)").ShouldBeTrue();
        RegexPattern.RunsInLinearTime("(a+)+(?=b)").ShouldBeFalse();
        RegexPattern.RunsInLinearTime(@"(\w)\1").ShouldBeFalse();
    }

    [Fact]
    public void CatastrophicPattern_OnTheLinearEngine_StillFindsTheRightMatch()
    {
        var model = Model(["(a+)+b"]);

        model.ConfidenceFor(new string('a', 5_000) + "b").ShouldBe(1.0);
        model.ConfidenceFor(new string('a', 5_000) + "!").ShouldBe(0);
    }

    [Fact]
    public void OnceTheBudgetIsSpent_TheRemainingPatternsOfAllModelsCountAsNoMatch()
    {
        // Every look at the clock costs 100 ms of a 250 ms budget: the third pattern checked finds it spent.
        var elapsed = TimeSpan.Zero;
        var budget = new MatchBudget(TimeSpan.FromMilliseconds(250), () => elapsed += TimeSpan.FromMilliseconds(100));
        var slowModels = new[] { Model(["x1"], order: 0), Model(["x2"], order: 1), Model(["agent"], order: 2) };

        var spent = LanguageModelMatcher.Match(slowModels, Audience.EndUser, "agent", threshold: 0.1, budget);
        var fresh = LanguageModelMatcher.Match(slowModels, Audience.EndUser, "agent", threshold: 0.1);

        budget.IsSpent.ShouldBeTrue();
        spent.ShouldBeNull();
        fresh.ShouldNotBeNull().Confidence.ShouldBe(1.0);
    }

    [Fact]
    public void OneBudget_IsSharedByEveryPatternOfAModel()
    {
        var checks = 0;
        var budget = new MatchBudget(TimeSpan.FromSeconds(1), () => TimeSpan.FromMilliseconds(checks++ < 2 ? 0 : 1_000));
        var model = Model(["p1", "p2", "agent"]);

        model.ConfidenceFor("agent", budget).ShouldBe(0);
        Model(["p1", "p2", "agent"]).ConfidenceFor("agent").ShouldBe(1.0);
    }

    private static LanguageModel Model(string[] patterns, int order = 0) =>
        LanguageModel.Create(LanguageModelId.New(), "m" + order, Audience.EndUser, patterns, "builtin/handoff", null, true, builtIn: false, order, Clock.T0).Value;
}
