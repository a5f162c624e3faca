using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>The Direct Line 3.0 endpoint as DirectLineJS/Web Chat use it, over real Kestrel, HTTP and WebSockets.</summary>
public sealed class DirectLineProtocolTests(DirectLineHostFixture fixture) : IClassFixture<DirectLineHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Host.Client;

    [Fact]
    public async Task Start_GreetsThenEchoesTheUserActivity_WithAnIdAndItsClientActivityId()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http, "Jane Doe");
        await user.ConnectAsync();

        var greeting = await user.WaitForTextAsync("Type *agent*");
        ((string)greeting["from"]!["role"]!).ShouldBe("bot");

        // Web Chat rewrites from; a client may claim anything, the server decides.
        var id = await user.PostMessageAsync("what are your opening hours", "client-1", new JsonObject { ["from"] = new JsonObject { ["id"] = "dl_someone_else", ["role"] = "agent" } });
        var echo = await user.WaitForAsync(a => (string?)a["channelData"]?["clientActivityID"] == "client-1");

        ((string)echo["id"]!).ShouldBe(id);
        ((string)echo["from"]!["id"]!).ShouldBe(user.UserId);
        ((string)echo["from"]!["role"]!).ShouldBe("user");
        ((string)echo["from"]!["name"]!).ShouldBe("Jane Doe");
        ((string)echo["conversation"]!["id"]!).ShouldBe(user.ConversationId);
        ((string)echo["channelId"]!).ShouldBe("directline");
        echo["timestamp"].ShouldNotBeNull();

        // GET returns the same log (once the bot has answered); a watermark returns only what came after it.
        await user.WaitForTextAsync(Words.Default(nameof(HandoffMessages.Fallback)));
        var (all, watermark) = await user.GetActivitiesAsync();
        all.Select(a => (string)a["id"]!).ShouldContain(id);
        var (after, sameWatermark) = await user.GetActivitiesAsync(watermark);
        after.ShouldBeEmpty();
        sameWatermark.ShouldBe(watermark);

        // A second start with the same token is not a new conversation (200, no second greeting).
        using var again = await user.SendAsync(HttpMethod.Post, "/v3/directline/conversations");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);

        // The marker: the bot's answer to a message sent after the second start. The conversation's log is in order, so a
        // second greeting caused by that start would have arrived before it.
        var marker = await user.PostMessageAsync("a marker after the second start", "client-marker");
        await user.WaitForAsync(a => (string?)a["from"]?["role"] == "bot" && string.CompareOrdinal((string)a["id"]!, marker) > 0);
        user.Received.Count(a => ((string?)a["text"])?.StartsWith("Hi! I'm the assistant", StringComparison.Ordinal) == true).ShouldBe(1);
    }

    [Fact]
    public async Task Reconnecting_WithTheWatermark_ReplaysExactlyWhatWasMissed()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        await user.ConnectAsync();
        await user.PostMessageAsync("first", "c-1");
        await user.WaitForAsync(a => (string?)a["channelData"]?["clientActivityID"] == "c-1");
        await user.WaitForTextAsync(Words.Default(nameof(HandoffMessages.Fallback)));
        var seenBefore = user.Received.Select(a => (string)a["id"]!).ToHashSet();
        var watermark = user.Watermark!;
        await user.DisconnectAsync();

        // While the page is away: two more messages (and the bot's replies to them).
        var missed2 = await user.PostMessageAsync("second", "c-2");
        var missed3 = await user.PostMessageAsync("third", "c-3");

        user.ClearReceived();
        await user.ConnectAsync(watermark, reconnect: true);
        await user.WaitForAsync(a => (string)a["id"]! == missed3);
        await user.WaitForAsync(a => a["text"] is not null && ((string)a["text"]!).StartsWith("Sorry", StringComparison.Ordinal) && string.CompareOrdinal((string)a["id"]!, missed3) > 0);

        // Live activities keep flowing on the new stream; the bot's answer to this one is the marker after which a
        // replayed duplicate could no longer arrive (the stream sends the log in order).
        var live = await user.PostMessageAsync("fourth", "c-4");
        await user.WaitForAsync(a => (string)a["id"]! == live);
        await user.WaitForAsync(a => (string?)a["from"]?["role"] == "bot" && string.CompareOrdinal((string)a["id"]!, live) > 0);

        var replayed = user.Received.Select(a => (string)a["id"]!).ToList();
        replayed.ShouldContain(missed2);
        replayed.ShouldBe(replayed.Distinct().ToList(), "nothing is delivered twice");
        replayed.ShouldNotContain(seen => seenBefore.Contains(seen), "nothing before the watermark is replayed");
        replayed.ShouldBe(replayed.Order(StringComparer.Ordinal).ToList(), "the log is in order");
    }

    [Fact]
    public async Task Tokens_BoundToAConversation_ExpireAndCanBeRefreshed()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        await using var other = await DirectLineTestClient.StartUserAsync(Http);

        using var wrongConversation = await user.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{other.ConversationId}/activities");
        wrongConversation.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var refreshed = await user.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await refreshed.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        ((string)body["conversationId"]!).ShouldBe(user.ConversationId);
        ((int)body["expires_in"]!).ShouldBe(1800);
        var newToken = (string)body["token"]!;
        newToken.ShouldNotBe(user.Token);
        user.Token = newToken;
        await user.PostMessageAsync("after refresh", "r-1");

        // A token this server signed an hour ago (valid for 30 minutes) has expired.
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var oldSigner = new DirectLineTokenService(Options.Create(new DirectLineOptions { TokenSigningKey = DirectLineHostFixture.SigningKey }), past, new DataDirectorySecrets(Path.GetTempPath()));
        var expired = oldSigner.Issue(user.ConversationId, user.UserId, null, isAgent: false).Token;
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities"), (HttpMethod.Post, "/v3/directline/tokens/refresh") })
        {
            using var response = await user.SendAsync(method, path, token: expired);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("TokenExpired");
        }

        // A token signed with another key is not a token at all.
        var forger = new DirectLineTokenService(Options.Create(new DirectLineOptions { TokenSigningKey = new string('x', 40) }), TimeProvider.System, new DataDirectorySecrets(Path.GetTempPath()));
        using var forged = await user.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities", token: forger.Issue(user.ConversationId, user.UserId, null, isAgent: true).Token);
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Secret_GeneratesTokensAndStartsConversations()
    {
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate")
        {
            Content = JsonContent.Create(new { user = new { id = "dl_backend_user", name = "Backend User" } }),
        };
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineHostFixture.Secret);
        using var generated = await Http.SendAsync(generate, Ct);
        generated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await generated.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var token = (string)body["token"]!;
        var conversationId = (string)body["conversationId"]!;

        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await Http.SendAsync(start, Ct);
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        ((string)(await started.Content.ReadFromJsonAsync<JsonObject>(Ct))!["conversationId"]!).ShouldBe(conversationId);

        using var withSecret = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities");
        withSecret.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineHostFixture.Secret);
        using var read = await Http.SendAsync(withSecret, Ct);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);

        // A token cannot mint tokens, and a back end cannot pick an agent's id.
        using var byToken = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        byToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await Http.SendAsync(byToken, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var agentId = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = JsonContent.Create(new { user = new { id = "agent_123" } }) };
        agentId.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineHostFixture.Secret);
        (await Http.SendAsync(agentId, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BadRequests_GetTheirStatusCodes_ServerKeepsServing()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        var activities = $"/v3/directline/conversations/{user.ConversationId}/activities";

        using (var noAuth = await Http.GetAsync(activities, Ct))
        {
            noAuth.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await user.SendAsync(HttpMethod.Get, activities, token: "garbage.not.atoken")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.SendAsync(HttpMethod.Get, activities, token: "nodots")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v3/directline/conversations/doesnotexist/activities"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineHostFixture.Secret);
            (await Http.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await PostRawAsync(user, "{ not json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostRawAsync(user, "[1,2]")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var missingType = await PostRawAsync(user, """{"text":"no type"}""");
        missingType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missingType.Content.ReadAsStringAsync(Ct)).ShouldContain("type");
        (await PostRawAsync(user, "{\"type\":\"message\",\"text\":\"" + new string('a', 300 * 1024) + "\"}")).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await user.SendAsync(HttpMethod.Get, activities + "?watermark=not-ours")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using (var notSocket = await Http.GetAsync($"/v3/directline/conversations/{user.ConversationId}/stream?t={Uri.EscapeDataString(user.Token)}", Ct))
        {
            notSocket.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        // Still serving: a normal message goes through and is answered.
        await user.ConnectAsync();
        await user.PostMessageAsync("still there?", "ok-1");
        await user.WaitForAsync(a => (string?)a["channelData"]?["clientActivityID"] == "ok-1");
    }

    [Fact]
    public async Task AgentKey_OnlyItMakesAnAgent_RelayedAgentMessagesCarryTheAgentName()
    {
        // A user claiming to be an agent (role, query flag) is still an end user: login is refused.
        var flagged = await Http.PostAsJsonAsync("/api/webchat/token?agent=true", new { name = "Mallory" }, Ct);
        await using var mallory = await DirectLineTestClient.StartUserAsync(Http, "Mallory");
        await mallory.ConnectAsync();
        await mallory.PostMessageAsync("login", "m-1", new JsonObject { ["from"] = new JsonObject { ["id"] = "agent_x", ["role"] = "agent" }, ["channelData"] = new JsonObject { ["clientActivityID"] = "m-1", ["agent"] = true } });
        await mallory.WaitForTextAsync("Only members of the agent group");
        ((string)(await flagged.Content.ReadFromJsonAsync<JsonObject>(Ct))!["userId"]!).ShouldStartWith("dl_");

        var wrongKey = await Http.PostAsJsonAsync("/api/agent/token", new { name = "Mallory", key = "guess" }, Ct);
        wrongKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await using var agent = await DirectLineTestClient.StartAgentAsync(Http, "Alice Agent", DirectLineHostFixture.AgentKey);
        await using var sameAgentLater = await DirectLineTestClient.StartAgentAsync(Http, "Alice Agent", DirectLineHostFixture.AgentKey);
        sameAgentLater.UserId.ShouldBe(agent.UserId, "a reload is the same agent");
        agent.UserId.ShouldStartWith("agent_");

        await agent.ConnectAsync();
        await agent.WaitForTextAsync("type *login*");
        await agent.PostMessageAsync("login", "a-1");
        await agent.WaitForTextAsync("signed in as an agent");

        await using var user = await DirectLineTestClient.StartUserAsync(Http, "Jane Doe");
        await user.ConnectAsync();
        await user.PostMessageAsync("agent", "u-1");
        await user.WaitForTextAsync("number 1 in the queue");
        await agent.WaitForTextAsync(Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")));

        await agent.PostMessageAsync("connect", "a-2");
        await user.WaitForTextAsync("Alice Agent");
        await agent.PostMessageAsync("How can I help?", "a-3");
        var relayed = await user.WaitForTextAsync("How can I help?");
        ((string)relayed["from"]!["name"]!).ShouldBe("Alice Agent");
        ((string)relayed["from"]!["role"]!).ShouldBe("bot");

        await user.PostMessageAsync("my knee hurts", "u-2");
        await agent.WaitForTextAsync("my knee hurts");
        await agent.PostMessageAsync("disconnect", "a-4");
        await user.WaitForTextAsync("back with the assistant");
    }

    [Fact]
    public async Task Uploads_AreStoredLinkedAndLimited()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        await user.ConnectAsync();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

        using var upload = Multipart(png, "image/png", "photo.png", """{"type":"message","text":"my photo","channelData":{"clientActivityID":"up-1"}}""");
        using var response = await PostUploadAsync(user, upload);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));

        var echo = await user.WaitForAsync(a => (string?)a["channelData"]?["clientActivityID"] == "up-1");
        var attachment = echo["attachments"]!.AsArray().Single()!;
        ((string)attachment["name"]!).ShouldBe("photo.png");
        var bytes = await Http.GetByteArrayAsync((string)attachment["contentUrl"]!, Ct);
        bytes.ShouldBe(png);

        using var wrongType = Multipart([1, 2, 3], "application/x-msdownload", "evil.exe", null);
        (await PostUploadAsync(user, wrongType)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        using var tooBig = Multipart(new byte[DirectLineHostFixture.MaxUploadBytes + 1], "image/png", "big.png", null);
        (await PostUploadAsync(user, tooBig)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Cors_ForConfiguredOriginsOnly_AllowsWebChatHeaders()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        preflight.Headers.Add("Origin", DirectLineHostFixture.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");
        using var allowed = await Http.SendAsync(preflight, Ct);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([DirectLineHostFixture.AllowedOrigin]);
        var headers = string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant();
        headers.ShouldContain("AUTHORIZATION");
        headers.ShouldContain("X-MS-BOT-AGENT");

        using var otherOrigin = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        otherOrigin.Headers.Add("Origin", "https://evil.example");
        otherOrigin.Headers.Add("Access-Control-Request-Method", "POST");
        using var refused = await Http.SendAsync(otherOrigin, Ct);
        refused.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    private static async Task<HttpResponseMessage> PostRawAsync(DirectLineTestClient user, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/activities")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return await user.Http.SendAsync(request, Ct);
    }

    private static MultipartFormDataContent Multipart(byte[] file, string contentType, string fileName, string? activityJson)
    {
        var content = new MultipartFormDataContent();
        var filePart = new ByteArrayContent(file);
        filePart.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(filePart, "file", fileName);
        if (activityJson is not null)
        {
            var activityPart = new StringContent(activityJson, Encoding.UTF8);
            activityPart.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
            content.Add(activityPart, "activity", "blob");
        }

        return content;
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(DirectLineTestClient user, MultipartFormDataContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/upload?userId={user.UserId}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return await user.Http.SendAsync(request, Ct);
    }
}
