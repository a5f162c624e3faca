using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Domain.Audit;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Security;

/// <summary>One product host with a management key and a shared (bootstrap) agent key; each test uses its own agent names.</summary>
public sealed class AgentAccessHost : IAsyncLifetime
{
    public const string ManagementKey = "agent-access-management-key-0123456789";
    public const string SharedKey = "shared-bootstrap-agent-key";

    public TestHost Host { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(options =>
        {
            options.Settings["Management:ApiKeys:0"] = ManagementKey;
            options.Settings["AgentWebChat:AccessKeys:0"] = SharedKey;
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "1000";
        });
        Api = new HttpClient { BaseAddress = Host.BaseAddress };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ManagementKey);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>
/// Issue 12, items 4 and 5 (ADR-033): an agent web chat identity is bound to a personal key that another key holder
/// cannot assume; agent tokens end when the agent is signed out from /admin or the key is revoked (requests, refresh,
/// stream); a second sign-in never silently takes over live users.
/// </summary>
public sealed class AgentIdentityTests(AgentAccessHost fixture) : IClassFixture<AgentAccessHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Host.Client;

    [Fact]
    public async Task PersonalKey_WhenAnotherKeyHolderTypesTheAgentsName_DoesNotMakeThemThatAgent()
    {
        var alice = await CreateKeyAsync("Alice Personal");
        var mallory = await CreateKeyAsync("Mallory Personal");

        var aliceSignIn = await SignInAsync("anything Alice types", alice.Key);
        using var sharedKeyAsAlice = await Http.PostAsJsonAsync("/api/agent/token", new { name = "Alice Personal", key = AgentAccessHost.SharedKey }, Ct);
        using var sharedKeyAsAliceOtherSpelling = await Http.PostAsJsonAsync("/api/agent/token", new { name = " ALICE PERSONAL ", key = AgentAccessHost.SharedKey }, Ct);
        var malloryAsAlice = await SignInAsync("Alice Personal", mallory.Key);

        ((string)aliceSignIn["userId"]!).ShouldBe("agent_" + alice.Id);
        ((string)aliceSignIn["userName"]!).ShouldBe("Alice Personal", "the key's agent name, not the typed one");
        sharedKeyAsAlice.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        sharedKeyAsAliceOtherSpelling.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        ((string)malloryAsAlice["userId"]!).ShouldBe("agent_" + mallory.Id);
        ((string)malloryAsAlice["userName"]!).ShouldBe("Mallory Personal");
    }

    [Fact]
    public async Task CreatedKey_IsShownOnce_AndOnlyItsHashIsStoredAndAudited()
    {
        var created = await CreateKeyAsync("Hash Only Agent");

        var listed = (await fixture.Api.GetFromJsonAsync<JsonArray>("/api/management/agent-keys", Ct))!;
        var listedText = listed.ToJsonString();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var stored = await db.Set<AgentWebChatKey>().AsNoTracking().SingleAsync(k => k.Id == created.Id, Ct);
        var audit = await db.AuditRecords.AsNoTracking().Where(a => a.Type == AuditType.AgentKeyCreated).ToListAsync(Ct);

        listedText.ShouldContain(created.Id);
        listedText.ShouldContain("Hash Only Agent");
        listedText.ShouldNotContain(created.Key);
        stored.KeyHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))));
        stored.KeyHash.ShouldNotContain(created.Key);
        var record = audit.Where(a => a.Details.Contains(created.Id, StringComparison.Ordinal)).ShouldHaveSingleItem();
        record.Actor.ShouldNotBeNullOrEmpty();
        record.Details.ShouldNotContain(created.Key);
    }

    [Fact]
    public async Task StolenToken_AfterSignOutFromAdmin_IsRefusedEverywhere_AndTheUserIsTold()
    {
        var key = await CreateKeyAsync("Signed Out Agent");
        await using var agent = await LoggedInAgentAsync("Signed Out Agent", key.Key);
        await using var user = await ConnectedUserAsync(agent, "Sam Signout", "Signed Out Agent");
        var stolenToken = agent.Token;
        var agentId = await AgentIdAsync(key.ChannelAccountKey);

        using var signOut = await fixture.Api.PostAsync($"/api/management/agents/{agentId}/sign-out", null, Ct);

        signOut.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await agent.StreamEndedAsync();
        await user.WaitForTextAsync("has left the conversation");
        await AssertRefusedAsync(agent, stolenToken);
        var audit = await AuditAsync(AuditType.AgentSignedOut);
        audit.ShouldContain(a => a.Details.Contains("Signed Out Agent", StringComparison.Ordinal) && a.Actor.StartsWith("api-key:", StringComparison.Ordinal));
        var row = await AgentRowAsync(key.ChannelAccountKey);
        ((string)row["status"]!).ShouldBe("LoggedOut");
        (await Http.PostAsJsonAsync("/api/agent/token", new { name = "x", key = key.Key }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the agent may sign in again with the key");
    }

    [Fact]
    public async Task RevokedKey_EndsItsTokensAtOnce_AndCannotSignInAgain()
    {
        var key = await CreateKeyAsync("Revoked Agent");
        await using var agent = await LoggedInAgentAsync("Revoked Agent", key.Key);
        await using var user = await ConnectedUserAsync(agent, "Rita Revoked", "Revoked Agent");

        using var revoke = await fixture.Api.DeleteAsync($"/api/management/agent-keys/{key.Id}", Ct);
        using var revokeUnknown = await fixture.Api.DeleteAsync("/api/management/agent-keys/000000000000000000000000", Ct);

        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        revokeUnknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await agent.StreamEndedAsync();
        await user.WaitForTextAsync("has left the conversation");
        await AssertRefusedAsync(agent, agent.Token);
        (await Http.PostAsJsonAsync("/api/agent/token", new { name = "Revoked Agent", key = key.Key }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var listed = (await fixture.Api.GetFromJsonAsync<JsonArray>("/api/management/agent-keys", Ct))!;
        listed.Single(k => (string)k!["id"]! == key.Id)!["revokedAt"].ShouldNotBeNull();
        (await AuditAsync(AuditType.AgentKeyRevoked)).ShouldContain(a => a.Details.Contains(key.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondSignIn_WhileTheFirstHoldsLiveUsers_EndsTheFirstSession_AndTellsTheUsers()
    {
        var key = await CreateKeyAsync("Twice Agent");
        await using var first = await LoggedInAgentAsync("Twice Agent", key.Key);
        await using var user = await ConnectedUserAsync(first, "Tom Twice", "Twice Agent");

        await using var second = await DirectLineTestClient.StartAgentAsync(Http, "Twice Agent", key.Key);

        second.UserId.ShouldBe(first.UserId, "the same agent identity");
        await user.WaitForTextAsync("has left the conversation");
        await first.StreamEndedAsync();
        await AssertRefusedAsync(first, first.Token);
        var row = await AgentRowAsync(key.ChannelAccountKey);
        ((JsonArray)row["connected"]!).ShouldBeEmpty("the live user did not silently follow the new window");
        ((string)row["status"]!).ShouldBe("LoggedOut");
        await second.ConnectAsync();
        await second.PostMessageAsync("login", "t-2");
        await second.WaitForTextAsync("signed in as an agent");
    }

    [Fact]
    public async Task SecondSignIn_WithoutLiveUsers_LeavesTheFirstWindowWorking()
    {
        var key = await CreateKeyAsync("Reload Agent");
        await using var first = await DirectLineTestClient.StartAgentAsync(Http, "Reload Agent", key.Key);

        await using var second = await DirectLineTestClient.StartAgentAsync(Http, "Reload Agent", key.Key);
        using var refreshFirst = await first.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");

        refreshFirst.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.UserId.ShouldBe(first.UserId);
    }

    [Fact]
    public async Task AgentKeyManagement_WithoutTheManagementKey_IsRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var create = await anonymous.PostAsJsonAsync("/api/management/agent-keys", new { agentName = "Intruder" }, Ct);
        using var list = await anonymous.GetAsync("/api/management/agent-keys", Ct);
        using var signOut = await anonymous.PostAsync($"/api/management/agents/{Guid.NewGuid()}/sign-out", null, Ct);
        using var emptyName = await fixture.Api.PostAsJsonAsync("/api/management/agent-keys", new { agentName = " " }, Ct);

        create.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        list.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        emptyName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<CreatedKey> CreateKeyAsync(string agentName)
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/management/agent-keys", new { agentName }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return new CreatedKey((string)body["info"]!["id"]!, (string)body["key"]!, (string)body["info"]!["channelAccountKey"]!);
    }

    private async Task<JsonObject> SignInAsync(string name, string key)
    {
        using var response = await Http.PostAsJsonAsync("/api/agent/token", new { name, key }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private async Task<DirectLineTestClient> LoggedInAgentAsync(string name, string key)
    {
        var agent = await DirectLineTestClient.StartAgentAsync(Http, name, key);
        await agent.ConnectAsync();
        await agent.PostMessageAsync("login", "login-1");
        await agent.WaitForTextAsync("signed in as an agent");
        return agent;
    }

    private async Task<DirectLineTestClient> ConnectedUserAsync(DirectLineTestClient agent, string userName, string agentName)
    {
        var user = await DirectLineTestClient.StartUserAsync(Http, userName);
        await user.ConnectAsync();
        await user.PostMessageAsync("agent", "u-1");
        await agent.WaitForTextAsync($"{userName} is waiting");
        await agent.PostMessageAsync("connect", "connect-1");
        await user.WaitForTextAsync(agentName);
        return user;
    }

    /// <summary>The attack with a token the agent no longer holds rights for: refresh, post, reconnect and stream are all refused.</summary>
    private async Task AssertRefusedAsync(DirectLineTestClient agent, string token)
    {
        using var refresh = await agent.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", token: token);
        using var post = await agent.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{agent.ConversationId}/activities",
            new JsonObject { ["type"] = "message", ["text"] = "still here?", ["from"] = new JsonObject { ["id"] = agent.UserId } }, token);
        using var reconnect = await agent.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{agent.ConversationId}", token: token);
        using var read = await agent.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{agent.ConversationId}/activities", token: token);

        refresh.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        reconnect.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        read.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(() => agent.ConnectAsync());
    }

    private async Task<Guid> AgentIdAsync(string channelAccountKey) => Guid.Parse((string)(await AgentRowAsync(channelAccountKey))["id"]!);

    private async Task<JsonObject> AgentRowAsync(string channelAccountKey)
    {
        var agents = (await fixture.Api.GetFromJsonAsync<JsonArray>("/api/management/agents", Ct))!;
        return agents.Single(a => (string)a!["channelAccountKey"]! == channelAccountKey)!.AsObject();
    }

    private async Task<List<AuditRecord>> AuditAsync(AuditType type)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().AuditRecords.AsNoTracking().Where(a => a.Type == type).ToListAsync(Ct);
    }

    private sealed record CreatedKey(string Id, string Key, string ChannelAccountKey);
}

/// <summary>Issue 12 item 5 for the shared keys: removing one from the configuration ends its tokens on every request, not only at refresh.</summary>
public sealed class SharedAgentKeyRemovalTests
{
    [Fact]
    public async Task RemovedSharedKey_ItsTokensPostsAndStreams_AreRefused()
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["AgentWebChat:AccessKeys:0"] = "shared-key-to-remove";
            options.Settings["AgentWebChat:AccessKeys:1"] = "shared-key-kept";
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "100";
        });
        await using var removed = await DirectLineTestClient.StartAgentAsync(host.Client, "Ada", "shared-key-to-remove");
        await using var kept = await DirectLineTestClient.StartAgentAsync(host.Client, "Ben", "shared-key-kept");

        host.Options.Settings["AgentWebChat:AccessKeys:0"] = "shared-key-kept";
        host.Options.Settings.Remove("AgentWebChat:AccessKeys:1");
        await using var restarted = await host.RestartAsync();
        removed.Http = restarted.Client;
        kept.Http = restarted.Client;
        using var removedPost = await removed.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{removed.ConversationId}/activities", new JsonObject { ["type"] = "message", ["text"] = "hello", ["from"] = new JsonObject { ["id"] = removed.UserId } });
        using var keptPost = await kept.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{kept.ConversationId}/activities", new JsonObject { ["type"] = "message", ["text"] = "hello", ["from"] = new JsonObject { ["id"] = kept.UserId } });

        removedPost.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        keptPost.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(() => removed.ConnectAsync());
    }
}
