using Handoff.Domain.LanguageModels;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.LanguageModels;

public sealed class LanguageModelTests
{
    private static LanguageModel Model(string pattern, string scenario = "builtin/handoff", Audience audience = Audience.EndUser, int order = 0, bool enabled = true) =>
        LanguageModel.Create(LanguageModelId.New(), scenario, audience, [pattern], scenario, null, enabled, builtIn: false, order, Clock.T0).Value;

    [Theory]
    [InlineData("agent", 1.0)]
    [InlineData("  AGENT  ", 1.0)]
    [InlineData("I want an agent", 5.0 / 15)]
    [InlineData("nothing here", 0.0)]
    [InlineData("   ", 0.0)]
    public void ConfidenceFor_IsLongestMatchOverTrimmedLength(string utterance, double expected)
    {
        Model("agent|human").ConfidenceFor(utterance).ShouldBe(expected, 0.0001);
    }

    [Fact]
    public void ConfidenceFor_TakesTheLongestOfAllMatches()
    {
        Model("talk to a (person|human)|human").ConfidenceFor("human, please let me talk to a person").ShouldBe(16.0 / 37, 0.0001);
    }

    [Fact]
    public void ConfidenceFor_CatastrophicPatternOnLongInput_IsNoMatchInsteadOfHanging()
    {
        var model = Model("(a+)+$");

        model.ConfidenceFor(new string('a', 5_000) + "!").ShouldBe(0);
    }

    [Fact]
    public void Create_WithAPatternThatDoesNotCompile_IsRefusedWithTheReason()
    {
        var result = LanguageModel.Create(LanguageModelId.New(), "broken", Audience.Agent, ["(unclosed"], "builtin/agent_login", null, true, false, 0, Clock.T0);

        result.ShouldBeRefusedWith("language_model.invalid_pattern");
        result.Error.Argument("pattern").ShouldBe("(unclosed");
        result.Error.Argument("reason").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Create_WithoutPatternsOrScenario_IsRefused()
    {
        LanguageModel.Create(LanguageModelId.New(), "x", Audience.Agent, [], "s", null, true, false, 0, Clock.T0).ShouldBeRefusedWith(LanguageModelErrors.PatternsRequired);
        LanguageModel.Create(LanguageModelId.New(), "x", Audience.Agent, ["a"], " ", null, true, false, 0, Clock.T0).ShouldBeRefusedWith(LanguageModelErrors.ScenarioRequired);
        LanguageModel.Create(LanguageModelId.New(), " ", Audience.Agent, ["a"], "s", null, true, false, 0, Clock.T0).ShouldBeRefusedWith(LanguageModelErrors.NameRequired);
    }

    [Fact]
    public void EnsureCanBeDeleted_BuiltIn_IsRefused()
    {
        var builtIn = LanguageModel.Create(LanguageModelId.New(), "login", Audience.Any, ["^login$"], "builtin/agent_login", null, true, builtIn: true, 0, Clock.T0).Value;

        builtIn.EnsureCanBeDeleted().ShouldBeRefusedWith(LanguageModelErrors.BuiltInCannotBeDeleted);
        Model("x").EnsureCanBeDeleted().IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Update_WithAnInvalidPattern_ChangesNothing()
    {
        var model = Model("agent");

        model.Update("renamed", Audience.Agent, ["(bad"], "builtin/help", null, true, Clock.T0).IsFailure.ShouldBeTrue();

        model.Name.ShouldBe("builtin/handoff");
        model.Patterns.ShouldBe(["agent"]);
    }

    [Fact]
    public void Match_PicksHighestConfidenceThenLowerOrder()
    {
        var broad = Model("help", "builtin/help", order: 0);
        var exact = Model("^help me$", "custom/help_me", order: 1);
        var tie = Model("help me", "custom/tie", order: 2);

        LanguageModelMatcher.Match([tie, broad, exact], Audience.EndUser, "help me", 0.1)!.ScenarioId.ShouldBe("custom/help_me");
    }

    [Fact]
    public void Match_BelowThreshold_MatchesNothing()
    {
        LanguageModelMatcher.Match([Model("agent")], Audience.EndUser, "I really would like to speak with an agent", 0.5).ShouldBeNull();
    }

    [Fact]
    public void Match_SeparatesAudiences()
    {
        var connect = Model(@"^\s*connect\s*$", "builtin/agent_connect", Audience.Agent);
        var login = Model(@"^\s*login\s*$", "builtin/agent_login", Audience.Any);

        LanguageModelMatcher.Match([connect, login], Audience.EndUser, "connect", 0.1).ShouldBeNull();
        LanguageModelMatcher.Match([connect, login], Audience.Agent, "connect", 0.1)!.ScenarioId.ShouldBe("builtin/agent_connect");
        LanguageModelMatcher.Match([connect, login], Audience.EndUser, "login", 0.1)!.ScenarioId.ShouldBe("builtin/agent_login");
    }

    [Fact]
    public void Match_IgnoresDisabledModels()
    {
        LanguageModelMatcher.Match([Model("agent", enabled: false)], Audience.EndUser, "agent", 0.1).ShouldBeNull();
    }
}
