using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.Management;

/// <summary>Settings changes are global, so these tests have hosts of their own.</summary>
public sealed class SettingsApiTests(ManagementHost shared) : IClassFixture<ManagementHost>
{
    private const string NewSecret = "new-super-secret-value-77d2";
    private const string TenantId = "8f1d5c2e-1111-4a4a-9c9c-0123456789ab";
    private const string GroupId = "2b7e9a10-2222-4b4b-8d8d-0123456789ab";
    private const string OrganizerId = "5c3a1f00-3333-4c4c-9e9e-0123456789ab";
    private const string ClientId = "6d2c4e11-4444-4d4d-afaf-0123456789ab";

    [Fact]
    public async Task Settings_ChangedThroughTheApi_AreValidatedStoredAuditedInForceAtOnceAndSurviveARestart()
    {
        // Its own host: this test restarts it.
        await using var host = new ManagementHost();
        await host.InitializeAsync();
        var before = await host.GetJsonAsync("api/management/settings");

        using var invalid = await host.PutAsync("api/management/settings", new
        {
            messages = new Dictionary<string, string> { ["waiting"] = "  ", ["nonsense"] = "x" },
            timeouts = new { queue = "-00:01:00", user = "soon" },
            agents = new { capacity = 0 },
            teams = new { tenantId = "not-a-guid", agentGroupObjectId = "also-bad" },
        });
        var problem = await ManagementHost.ReadAsync(invalid);
        var afterInvalid = await host.GetJsonAsync("api/management/settings");

        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(
            ["agents.capacity", "messages.nonsense", "messages.waiting", "teams.agentGroupObjectId", "teams.tenantId", "timeouts.queue", "timeouts.user"]);
        afterInvalid.ToJsonString().ShouldBe(before.ToJsonString());

        using var saved = await host.PutAsync("api/management/settings", new
        {
            enabled = false,
            messages = new Dictionary<string, string> { ["handoffDisabled"] = "Live agents are off today, sorry." },
            timeouts = new { queue = "00:05:00" },
            agents = new { capacity = 3 },
            teams = new { tenantId = TenantId, clientId = ClientId, clientSecret = NewSecret, agentGroupObjectId = GroupId, defaultMeetingOrganizerObjectId = OrganizerId },
        });
        var body = await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var settings = JsonNode.Parse(body)!;

        saved.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        settings["enabled"]!.GetValue<bool>().ShouldBeFalse();
        settings["timeouts"]!["queue"]!.GetValue<string>().ShouldBe("00:05:00");
        settings["agents"]!["capacity"]!.GetValue<int>().ShouldBe(3);
        settings["teams"]!["tenantId"]!.GetValue<string>().ShouldBe(TenantId);
        settings["teams"]!["defaultMeetingOrganizerObjectId"]!.GetValue<string>().ShouldBe(OrganizerId);
        settings["teams"]!["clientSecretSet"]!.GetValue<bool>().ShouldBeTrue();
        settings["overridden"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain("teams.clientSecret");
        body.ShouldNotContain(NewSecret);
        body.ShouldNotContain(ManagementHost.ConfiguredSecret);

        // In force for the next message, without a restart: asking for an agent now answers the new disabled text.
        var address = ManagementHost.NewUserAddress(out var user);
        await host.SayAsync(address, user, "I want to talk to a human");
        await host.WaitForReplyAsync(address, "Live agents are off today, sorry.");

        var audit = await host.GetJsonAsync("api/management/audit?type=SettingsChanged");
        var record = audit["items"]!.AsArray().ShouldHaveSingleItem()!;
        record["actor"]!.GetValue<string>().ShouldStartWith("api-key:");
        var details = record["details"]!.GetValue<string>();
        details.ShouldContain("Handoff:Enabled: \"true\" → \"false\"");
        details.ShouldContain("Teams:ClientSecret: set");
        details.ShouldNotContain(NewSecret);

        var restarted = await host.Host.RestartAsync();
        await using (restarted)
        {
            using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
            client.DefaultRequestHeaders.Add("X-Api-Key", ManagementHost.Key);
            var afterRestart = JsonNode.Parse(await client.GetStringAsync("api/management/settings", TestContext.Current.CancellationToken))!;

            afterRestart["enabled"]!.GetValue<bool>().ShouldBeFalse();
            afterRestart["messages"]!["handoffDisabled"]!.GetValue<string>().ShouldBe("Live agents are off today, sorry.");
            afterRestart["teams"]!["clientSecretSet"]!.GetValue<bool>().ShouldBeTrue();

            var everyLogLine = string.Join('\n', host.Host.Logs.Lines.Concat(restarted.Logs.Lines));
            everyLogLine.ShouldNotContain(NewSecret);
            everyLogLine.ShouldNotContain(ManagementHost.ConfiguredSecret);
        }
    }

    [Fact]
    public async Task Put_WithMalformedOrOversizedBody_Is400Or413NotA500()
    {
        var host = shared;
        using var malformed = await host.Api.PutAsync("api/management/settings", new StringContent("{\"enabled\": tru", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var wrongType = await host.Api.PutAsync("api/management/settings", new StringContent("{\"agents\": {\"capacity\": \"many\"}}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var oversized = await host.Api.PutAsync("api/management/settings", new StringContent(
            "{\"messages\": {\"waiting\": \"" + new string('x', 100_000) + "\"}}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        // Without Content-Length (chunked), the limit is enforced while the body is read.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"messages\": {\"waiting\": \"" + new string('y', 100_000) + "\"}}")));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, "api/management/settings") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var oversizedChunked = await host.Api.SendAsync(request, TestContext.Current.CancellationToken);

        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        oversizedChunked.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        oversized.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }
}
