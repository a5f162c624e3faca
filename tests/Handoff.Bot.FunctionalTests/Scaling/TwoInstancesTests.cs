using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.TestSupport.FakeGraph;
using Handoff.TestSupport.Postgres;
using Handoff.TestSupport.Processes;

namespace Handoff.Bot.FunctionalTests.Scaling;

/// <summary>
/// Two real server processes on one PostgreSQL database, as two instances behind a load balancer (ADR-040): a web chat
/// user's WebSocket on instance A and the agent's on instance B go through the whole handoff (the meeting through a fake
/// Microsoft Graph over https, configured like a real one); a settings change and a
/// language-model change saved through A are in force on B. The settings safety net and the streams' keep-alive re-read
/// are set far beyond the tests' waits, so only the change notifications can carry the changes in time.
/// </summary>
public sealed class TwoInstancesTests
{
    private const string AgentKey = "scaling-agent-key-0123456789";
    private const string ManagementKey = "scaling-management-key-0123456789";
    private const string Organizer = "7a7a7a7a-0000-4000-8000-00000000000f";
    private const string AgentGroup = "7a7a7a7a-0000-4000-8000-0000000000a9";

    // Shared by both instances through configuration, as a deployment would do (docs/scaling.md).
    private static readonly Dictionary<string, string?> s_settings = new()
    {
        ["DirectLine:Secrets:0"] = DirectLineHostFixture.Secret,
        ["DirectLine:TokenSigningKey"] = DirectLineHostFixture.SigningKey,
        ["DirectLine:TokenRequestsPerMinute"] = "1000",
        ["AgentWebChat:AccessKeys:0"] = AgentKey,
        ["Management:ApiKeys:0"] = ManagementKey,
        ["Cluster:SettingsRefreshSeconds"] = "3600",

        // A stream also re-reads its log at every keep-alive: ten minutes, so only a wake-up can bring it news in time.
        ["DirectLine:KeepAliveInterval"] = "00:10:00",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handoff_WithTheUserOnAAndTheAgentOnB_QueuesConnectsRelaysBothWaysMeetsAndDisconnects()
    {
        // Microsoft Graph for the meeting: the fake over https with its token endpoint, reached by configuration alone.
        using var certificate = new LoopbackCertificate();
        await using var graph = await FakeGraphServer.StartAsync(certificate.Certificate);
        graph.AddUser(Organizer, "Olga Organizer");
        graph.AddGroup(AgentGroup);
        await using var instances = await Instances.StartAsync(new Dictionary<string, string?>
        {
            ["SSL_CERT_FILE"] = certificate.PemPath,
            ["Teams:TenantId"] = FakeGraphHostExtensions.TenantId,
            ["Teams:ClientId"] = FakeGraphHostExtensions.ClientId,
            ["Teams:ClientSecret"] = FakeGraphHostExtensions.ClientSecret,
            ["Teams:AgentGroupObjectId"] = AgentGroup,
            ["Teams:DefaultMeetingOrganizerObjectId"] = Organizer,
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:AuthorityHost"] = graph.AuthorityHost,
            ["Graph:RetryDelaySeconds"] = "0",
        });
        await using var agent = await DirectLineTestClient.StartAgentAsync(instances.B.Client, "Alice Agent", AgentKey);
        await agent.ConnectAsync();
        await agent.WaitForTextAsync("type *login*");
        await agent.PostMessageAsync("login", "a-login");
        await agent.WaitForTextAsync("signed in as an agent");
        await using var user = await DirectLineTestClient.StartUserAsync(instances.A.Client, "Jane Doe");
        await user.ConnectAsync();

        await user.PostMessageAsync("agent", "u-agent");
        await user.WaitForTextAsync("in the queue");
        var card = await agent.WaitForAsync(a => a["attachments"] is JsonArray { Count: > 0 } && a.ToJsonString().Contains("Jane Doe", StringComparison.Ordinal));
        await agent.PostMessageAsync("connect", "a-connect");
        await user.WaitForTextAsync("Alice Agent");
        await agent.WaitForTextAsync("connected to Jane Doe");
        await user.PostMessageAsync("hello from the user on A", "u-1");
        await agent.WaitForTextAsync("hello from the user on A");
        await agent.PostMessageAsync("hello from the agent on B", "a-1");
        await user.WaitForTextAsync("hello from the agent on B");

        // No sticky sessions: each side's next post goes to the other instance, its WebSocket stays where it is; the
        // echo of its own message is appended by the other instance and must still reach its stream.
        user.Http = instances.B.Client;
        agent.Http = instances.A.Client;
        await user.PostMessageAsync("posted by the user through B", "u-2");
        await user.WaitForTextAsync("posted by the user through B");
        await agent.WaitForTextAsync("posted by the user through B");
        await agent.PostMessageAsync("posted by the agent through A", "a-2");
        await agent.WaitForTextAsync("posted by the agent through A");
        await user.WaitForTextAsync("posted by the agent through A");
        await agent.PostMessageAsync("meeting", "a-meeting");
        var invitation = await user.WaitForTextAsync("Join meeting");
        await agent.PostMessageAsync("disconnect", "a-disconnect");
        await user.WaitForTextAsync("back with the assistant");

        card.ShouldNotBeNull();
        invitation.ToJsonString().ShouldContain(graph.Meetings.ShouldHaveSingleItem().JoinWebUrl);
        graph.TokensIssued.ShouldBeGreaterThan(0);
        Position(user, "hello from the agent on B").ShouldBeGreaterThan(Position(user, "Alice Agent"));
        Position(user, "back with the assistant").ShouldBeGreaterThan(Position(user, "hello from the agent on B"));
        agent.Received.Count(a => Contains(a, "hello from the user on A")).ShouldBe(1);
        user.Received.Count(a => Contains(a, "hello from the agent on B")).ShouldBe(1);
    }

    [Fact]
    public async Task SettingsPut_OnInstanceA_ChangesTheNextReplyProducedOnB()
    {
        await using var instances = await Instances.StartAsync();
        await using var user = await DirectLineTestClient.StartUserAsync(instances.B.Client, "Jane Doe");
        await user.ConnectAsync();

        using var saved = await Management(instances.A).PutAsJsonAsync("api/management/settings", new
        {
            messages = new Dictionary<string, string> { ["waiting"] = "Number {position} in the queue, as saved on A." },
        }, Cancellation);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        await WaitUntilAsync(async () => (string?)(await GetJsonAsync(instances.B, "api/management/settings"))["messages"]?["waiting"] == "Number {position} in the queue, as saved on A.");
        await user.PostMessageAsync("agent", "u-agent");

        await user.WaitForTextAsync("as saved on A");
    }

    [Fact]
    public async Task LanguageModelCreated_OnInstanceA_IsUsedByB()
    {
        await using var instances = await Instances.StartAsync();
        var before = await TryUtteranceAsync(instances.B, "opening hours please");
        await using var user = await DirectLineTestClient.StartUserAsync(instances.B.Client, "Jane Doe");
        await user.ConnectAsync();

        using var created = await Management(instances.A).PostAsJsonAsync("api/management/language-models", new
        {
            name = "Opening hours",
            method = "RegEx",
            audience = "EndUser",
            patterns = new[] { "opening hours" },
            scenarioId = "custom/opening_hours",
            replyText = "Open 8 to 18, as saved on A.",
            enabled = true,
        }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["id"]!;
        await WaitUntilAsync(async () => (string?)(await TryUtteranceAsync(instances.B, "opening hours please"))["winningModelId"] == id);
        await user.PostMessageAsync("opening hours please", "u-1");

        await user.WaitForTextAsync("as saved on A");
        ((string?)before["winningModelId"]).ShouldNotBe(id);
    }

    private static bool Contains(JsonObject activity, string text) => Handoff.TestSupport.VisibleText.Contains(activity, text);

    private static int Position(DirectLineTestClient client, string text) =>
        client.Received.ToList().FindIndex(a => Contains(a, text));

    private static HttpClient Management(HandoffServerProcess instance)
    {
        var client = new HttpClient { BaseAddress = instance.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ManagementKey);
        return client;
    }

    private static async Task<JsonObject> GetJsonAsync(HandoffServerProcess instance, string path)
    {
        using var client = Management(instance);
        return (await client.GetFromJsonAsync<JsonObject>(path, Cancellation))!;
    }

    private static async Task<JsonObject> TryUtteranceAsync(HandoffServerProcess instance, string utterance)
    {
        using var client = Management(instance);
        using var tried = await client.PostAsJsonAsync("api/management/language-models/test", new { utterance, audience = "EndUser" }, Cancellation);
        tried.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await tried.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds: a change announced on one instance is applied on the other
    /// asynchronously. Bounded only so that a broken build fails instead of hanging; the time is never asserted.
    /// </summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        cap.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), cap.Token);
        }
    }

    /// <summary>Instances A and B on a fresh database of the shared throwaway PostgreSQL server.</summary>
    private sealed class Instances : IAsyncDisposable
    {
        private readonly PostgresDatabase _database;

        private Instances(PostgresDatabase database, HandoffServerProcess a, HandoffServerProcess b)
        {
            _database = database;
            A = a;
            B = b;
        }

        public HandoffServerProcess A { get; }

        public HandoffServerProcess B { get; }

        public static async Task<Instances> StartAsync(Dictionary<string, string?>? extra = null)
        {
            var settings = new Dictionary<string, string?>(s_settings);
            foreach (var (key, value) in extra ?? [])
            {
                settings[key] = value;
            }

            var server = await PostgresServer.SharedAsync();
            var database = await server.CreateDatabaseAsync(Cancellation);
            var a = await HandoffServerProcess.StartAsync(settings, database.ConnectionString, Cancellation);
            var b = await HandoffServerProcess.StartAsync(settings, database.ConnectionString, Cancellation);
            return new Instances(database, a, b);
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
