using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.LoginAgent;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Conversations.RequestHandoff;
using Handoff.Application.LanguageModels.CreateLanguageModel;
using Handoff.Application.LanguageModels.DeleteLanguageModel;
using Handoff.Application.LanguageModels.DisableLanguageModel;
using Handoff.Application.LanguageModels.ListLanguageModels;
using Handoff.Application.LanguageModels.TestUtterance;
using Handoff.Application.LanguageModels.UpdateLanguageModel;
using Handoff.Application.Scenarios;
using Handoff.Domain.Agents;
using Handoff.Domain.LanguageModels;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.LanguageModels;

public sealed class LanguageModelUseCaseTests
{
    [Fact]
    public async Task BuiltInModels_AreSeededOnceForEveryBuiltInScenario()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        await harness.Services.InitializeDatabaseAsyncAgain();

        var models = await harness.QueryAsync(new ListLanguageModelsQuery());

        models.Count.ShouldBe(CommandCatalogue.BuiltIn.Entries.Count);
        models.Select(m => m.ScenarioId).Order().ShouldBe(ScenarioIds.BuiltIn.Order());
        models.ShouldAllBe(m => m.BuiltIn && m.Enabled);
    }

    [Fact]
    public async Task AModelMappedToLogin_LetsAnAgentSignInWithTheirOwnWords()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        var created = await harness.SendAsync(new CreateLanguageModelCommand("Sign me in", "RegEx", Audience.Agent, ["^sign me in$"], LoginAgentCommandEntry.Scenario, null, true, "admin"));
        await people.WebAgent("walt", "Sign me in");

        created.IsSuccess.ShouldBeTrue();
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).Status.ShouldBe(AgentStatus.Available);
    }

    [Fact]
    public async Task ACustomScenario_RepliesWithItsText()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await harness.SendAsync(new CreateLanguageModelCommand("Opening hours", "RegEx", Audience.EndUser, ["opening hours|when are you open"], "custom/opening_hours", "We're open 8–18, Monday to Friday.", true, "admin"));

        await people.User("jane", "When are you open?");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe(["We're open 8–18, Monday to Friday."]);
    }

    [Fact]
    public async Task InvalidInput_IsRefusedFieldByField()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());

        var error = await Should.ThrowAsync<ValidationException>(() =>
            harness.SendAsync(new CreateLanguageModelCommand("", "LUIS", Audience.EndUser, ["(broken"], "nowhere", null, true, "admin")));

        error.Errors.Keys.Order().ShouldBe(["method", "name", "patterns[0]", "scenarioId"]);
        error.Errors["patterns[0]"].ShouldHaveSingleItem().ShouldContain("(broken");
    }

    [Fact]
    public async Task BuiltInModels_CanBeDisabledOrRemappedButNotDeleted()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        var handoff = (await harness.QueryAsync(new ListLanguageModelsQuery())).Single(m => m.ScenarioId == RequestHandoffCommandEntry.Scenario);
        var id = new LanguageModelId(handoff.Id);

        (await harness.SendAsync(new DeleteLanguageModelCommand(id, "admin"))).Error.ShouldBe(LanguageModelErrors.BuiltInCannotBeDeleted);
        (await harness.SendAsync(new UpdateLanguageModelCommand(id, handoff.Name, "RegEx", Audience.EndUser, ["^operator$"], RequestHandoffCommandEntry.Scenario, null, true, "admin"))).IsSuccess.ShouldBeTrue();
        await people.User("jane", "agent");
        await people.User("john", "operator");
        (await harness.SendAsync(new DisableLanguageModelCommand(id, "admin"))).IsSuccess.ShouldBeTrue();
        await people.User("jill", "operator");

        var waiting = await harness.ReadAsync(db => db.Conversations.Where(c => c.State == Domain.Conversations.ConversationState.Waiting).Select(c => c.UserName).ToListAsync());
        waiting.ShouldBe(["John"]);
    }

    [Fact]
    public async Task TestUtterance_ShowsEveryModelsConfidenceAndTheWinner()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());

        var result = await harness.QueryAsync(new TestUtteranceQuery("I want an agent", Audience.EndUser));

        result.WinningScenarioId.ShouldBe(RequestHandoffCommandEntry.Scenario);
        result.Scores.Single(s => s.ScenarioId == RequestHandoffCommandEntry.Scenario).Confidence.ShouldBe(Math.Round(5.0 / 15, 4));
        result.Scores.ShouldNotContain(s => s.ScenarioId == AcceptHandoffCommandEntry.Scenario);
    }

    [Fact]
    public async Task CustomModels_CanBeDeleted()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var created = await harness.SendAsync(new CreateLanguageModelCommand("Temp", "RegEx", Audience.EndUser, ["temp"], "custom/temp", "Temporary.", true, "admin"));

        (await harness.SendAsync(new DeleteLanguageModelCommand(new LanguageModelId(created.Value.Id), "admin"))).IsSuccess.ShouldBeTrue();

        (await harness.QueryAsync(new ListLanguageModelsQuery())).ShouldNotContain(m => m.Name == "Temp");
    }
}
