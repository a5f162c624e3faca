using System.Net;

namespace Handoff.Bot.FunctionalTests.Management;

/// <summary>The Teams channel mode's settings (issue 14) through the management API; a host of its own (settings are global).</summary>
public sealed class AgentChannelSettingsApiTests(ManagementHost host) : IClassFixture<ManagementHost>
{
    [Fact]
    public async Task AgentChannel_SetThroughTheApi_IsValidated_AndShownNotReachableUntilTheTeamSpeaks()
    {
        var before = await host.GetJsonAsync("api/management/settings");
        before["teams"]!["agentChannel"]!["status"]!.GetValue<string>().ShouldBe("off");

        using var invalid = await host.PutAsync("api/management/settings", new
        {
            teams = new { agentChannel = new { teamId = "not a teams id", serviceUrl = "http://smba.example.test/" } },
        });
        var problem = await ManagementHost.ReadAsync(invalid);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(
            ["teams.agentChannel.channelId", "teams.agentChannel.serviceUrl", "teams.agentChannel.teamId"]);

        using var saved = await host.PutAsync("api/management/settings", new
        {
            teams = new { agentChannel = new { teamId = "19:team-a@thread.tacv2", channelId = "19:agents-a@thread.tacv2" } },
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var after = await host.GetJsonAsync("api/management/settings");
        after["teams"]!["agentChannel"]!["teamId"]!.GetValue<string>().ShouldBe("19:team-a@thread.tacv2");
        after["teams"]!["agentChannel"]!["channelId"]!.GetValue<string>().ShouldBe("19:agents-a@thread.tacv2");
        after["teams"]!["agentChannel"]!["status"]!.GetValue<string>().ShouldBe("not reachable yet");
        after["overridden"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain("teams.agentChannel.teamId");
    }
}
