using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using System.Net;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;

namespace Handoff.Bot.FunctionalTests.Management;

[Collection(ManagementCollection.Name)]
public sealed class LanguageModelApiTests(ManagementHost host)
{
    [Fact]
    public async Task SeedJourney_RegexModelMappedToAgentLogin_LogsInAnAgentWhoTypesIt()
    {
        var scenarios = await host.GetJsonAsync("api/management/scenarios");
        scenarios["builtIn"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ShouldContain("builtin/agent_login");

        using var tried = await host.PostAsync("api/management/language-models/test", new { utterance = "sign me in", audience = "Agent" });
        (await ManagementHost.ReadAsync(tried))["winningScenarioId"].ShouldBeNull();

        using var created = await host.PostAsync("api/management/language-models", new
        {
            name = "login",
            method = "RegEx",
            audience = "Any",
            patterns = new[] { "^sign me in$" },
            scenarioId = "builtin/agent_login",
            enabled = true,
        });
        var model = await ManagementHost.ReadAsync(created);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"/api/management/language-models/{model["id"]}");
        model["builtIn"]!.GetValue<bool>().ShouldBeFalse();

        using var triedAgain = await host.PostAsync("api/management/language-models/test", new { utterance = "Sign me in", audience = "Agent" });
        var test = await ManagementHost.ReadAsync(triedAgain);
        test["winningScenarioId"]!.GetValue<string>().ShouldBe("builtin/agent_login");
        test["winningModelId"]!.GetValue<string>().ShouldBe(model["id"]!.GetValue<string>());
        test["scores"]!.AsArray().Single(s => s!["modelId"]!.GetValue<string>() == model["id"]!.GetValue<string>())!["confidence"]!.GetValue<double>().ShouldBe(1.0);

        var agentName = "Alice " + Guid.NewGuid().ToString("N")[..6];
        var agentId = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var address = new ChannelAddress("directline", "agent-conv-" + Guid.NewGuid().ToString("N"), agentId);
        var said = await host.SayAsync(address, new Sender(agentId, agentName, IsAuthenticated: true, IsVerifiedAgent: true), "sign me in");

        said.IsSuccess.ShouldBeTrue(said.Error.ToString());
        await host.WaitForReplyAsync(address, Words.Start(nameof(HandoffMessages.AgentSignedIn)));
        var agents = await host.GetJsonAsync("api/management/agents");
        var agent = agents.AsArray().Single(a => a!["displayName"]!.GetValue<string>() == agentName)!;
        agent["status"]!.GetValue<string>().ShouldBe("Available");
    }

    [Fact]
    public async Task LanguageModels_CrudWithValidation_BuiltInsCannotBeDeletedAndUnknownIdsAre404()
    {
        var all = (await host.GetJsonAsync("api/management/language-models")).AsArray();
        var builtIn = all.First(m => m!["builtIn"]!.GetValue<bool>() && m["scenarioId"]!.GetValue<string>() == "builtin/greeting")!;

        using var invalid = await host.PostAsync("api/management/language-models", new
        {
            name = "",
            method = "Luis",
            patterns = new[] { "ok", "(unclosed" },
            scenarioId = "somewhere/else",
        });
        var problem = await ManagementHost.ReadAsync(invalid);

        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["method", "name", "patterns[1]", "scenarioId"]);

        using var customMissingReply = await host.PostAsync("api/management/language-models", new { name = "opening hours", patterns = new[] { "opening hours" }, scenarioId = "custom/hours" });
        (await ManagementHost.ReadAsync(customMissingReply))["errors"]!["replyText"].ShouldNotBeNull();

        using var created = await host.PostAsync("api/management/language-models", new
        {
            name = "opening hours",
            audience = "EndUser",
            patterns = new[] { "opening hours|when are you open" },
            scenarioId = "custom/hours",
            replyText = "We're open 9-5.",
        });
        var model = await ManagementHost.ReadAsync(created);
        var path = $"api/management/language-models/{model["id"]}";

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await host.GetJsonAsync(path))["replyText"]!.GetValue<string>().ShouldBe("We're open 9-5.");

        using var updated = await host.PutAsync(path, new
        {
            name = "opening hours",
            audience = "EndUser",
            patterns = new[] { "hours" },
            scenarioId = "custom/hours",
            replyText = "Open 8-6 now.",
            enabled = false,
        });
        var afterUpdate = await ManagementHost.ReadAsync(updated);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        afterUpdate["enabled"]!.GetValue<bool>().ShouldBeFalse();
        afterUpdate["patterns"]!.AsArray().Single()!.GetValue<string>().ShouldBe("hours");

        using var badUpdate = await host.PutAsync(path, new { name = "x", patterns = new[] { "[" }, scenarioId = "custom/hours", replyText = "x" });
        badUpdate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ManagementHost.ReadAsync(badUpdate))["errors"]!["patterns[0]"].ShouldNotBeNull();

        using var remapBuiltIn = await host.PutAsync($"api/management/language-models/{builtIn["id"]}", new
        {
            name = builtIn["name"]!.GetValue<string>(),
            audience = "EndUser",
            patterns = new[] { "^\\s*(hi|hello)\\b" },
            scenarioId = "builtin/help",
            enabled = false,
        });
        remapBuiltIn.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var deleteBuiltIn = await host.Api.DeleteAsync($"api/management/language-models/{builtIn["id"]}", TestContext.Current.CancellationToken);
        using var deleteCustom = await host.Api.DeleteAsync(path, TestContext.Current.CancellationToken);
        using var getDeleted = await host.Api.GetAsync(path, TestContext.Current.CancellationToken);
        using var putUnknown = await host.PutAsync($"api/management/language-models/{Guid.NewGuid()}", new { name = "x", patterns = new[] { "x" }, scenarioId = "builtin/help" });
        using var deleteEmpty = await host.Api.DeleteAsync($"api/management/language-models/{Guid.Empty}", TestContext.Current.CancellationToken);
        using var notAGuid = await host.Api.GetAsync("api/management/language-models/not-a-guid", TestContext.Current.CancellationToken);

        deleteBuiltIn.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        deleteCustom.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        getDeleted.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        putUnknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        deleteEmpty.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        notAGuid.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var audit = await host.GetJsonAsync("api/management/audit?type=LanguageModelChanged&pageSize=200");
        audit["items"]!.AsArray().Select(r => r!["details"]!.GetValue<string>()).ShouldContain(d => d.StartsWith("deleted 'opening hours'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestUtterance_WithEmptyUtterance_Is400NamingTheField()
    {
        using var response = await host.PostAsync("api/management/language-models/test", new { utterance = "", audience = "EndUser" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ManagementHost.ReadAsync(response))["errors"]!.AsObject().ShouldContain(e => e.Key == "Utterance");
    }
}
