using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>Issue 12's Direct Line doors, attacked over real Kestrel the way an outsider would.</summary>
public sealed class DirectLineHardeningTests(DirectLineHostFixture fixture) : IClassFixture<DirectLineHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Host.Client;

    [Fact]
    public async Task Reconnecting_WithTheSecret_AnswersAStreamUrlWithAStreamTokenNotTheSecret()
    {
        using var started = await SendAsync(HttpMethod.Post, "/v3/directline/conversations", DirectLineHostFixture.Secret);
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var conversationId = (string)(await started.Content.ReadFromJsonAsync<JsonObject>(Ct))!["conversationId"]!;

        using var reconnected = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}", DirectLineHostFixture.Secret);
        var streamUrl = (string)(await reconnected.Content.ReadFromJsonAsync<JsonObject>(Ct))!["streamUrl"]!;

        streamUrl.ShouldNotContain(DirectLineHostFixture.Secret);
        streamUrl.ShouldNotContain(Uri.EscapeDataString(DirectLineHostFixture.Secret));

        // The stream token opens the stream ...
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), Ct);
        socket.State.ShouldBe(WebSocketState.Open);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);

        // ... and nothing else: it cannot read the conversation nor post into it, nor be refreshed into a full token.
        var streamToken = Uri.UnescapeDataString(streamUrl.Split("t=")[1].Split('&')[0]);
        using var read = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", streamToken);
        using var refresh = await SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", streamToken);
        read.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refresh.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UserToken_OnReconnect_IsNotPutInItsStreamUrl()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);

        user.StreamUrl.ShouldNotBeNull().ShouldNotContain(Uri.EscapeDataString(user.Token));
        await user.ConnectAsync();
        await user.WaitForTextAsync("Type *agent*");
    }

    [Fact]
    public async Task Token_SpelledAnotherWay_IsRefused()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        var padded = user.Token + "=";
        var parts = user.Token.Split('.');
        var paddedPayload = $"{parts[0]}.{parts[1]}==.{parts[2]}";

        using var withPadding = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities", padded);
        using var withPaddedPayload = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities", paddedPayload);
        using var canonical = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities", user.Token);

        withPadding.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        withPaddedPayload.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        canonical.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChunkedUpload_PastTheLimit_IsRefusedWith413()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);

        // Many files each under the per-file limit, sent without a Content-Length: only the bytes read can stop it.
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 200; i++)
        {
            var file = new ByteArrayContent(new byte[DirectLineHostFixture.MaxUploadBytes - 100]);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"part-{i}.txt");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/upload?userId={user.UserId}") { Content = new ChunkedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await Http.SendAsync(request, Ct);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
            // The server answered 413 and closed the connection while the client was still writing the body: on some
            // runs the client's next write fails (broken pipe) before it has read that answer. What the server did is
            // checked below either way.
        }

        using (response)
        {
            request.Content.Headers.ContentLength.ShouldBeNull();
            response?.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        }

        // Nothing of the upload reached the conversation's log.
        using var log = await user.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities");
        log.StatusCode.ShouldBe(HttpStatusCode.OK);
        var activities = JsonNode.Parse(await log.Content.ReadAsStringAsync(Ct))!["activities"]!.AsArray();
        activities.ShouldNotContain(a => a!["attachments"] != null && a["attachments"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task Attachments_TenAcceptedElevenRefused_LimitHolds()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);

        using var atLimit = await user.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/activities", WithAttachments(10));
        using var pastLimit = await user.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/activities", WithAttachments(11));

        atLimit.StatusCode.ShouldBe(HttpStatusCode.OK);
        pastLimit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await pastLimit.Content.ReadAsStringAsync(Ct)).ShouldContain("at most 10 attachments");
    }

    private static JsonObject WithAttachments(int count) => new()
    {
        ["type"] = "message",
        ["text"] = "look",
        ["attachments"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.hero",
            ["content"] = new JsonObject { ["title"] = $"card {i}" },
        })]),
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string credential)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credential);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request, Ct);
    }

    /// <summary>The wrapped content with no length, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>The per-token rate limit counts the validated token's identity, and garbage credentials share their client's budget.</summary>
public sealed class DirectLineRateLimitPartitionTests
{
    private const int Limit = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefreshedToken_SharesTheBudgetOfTheTokenItCameFrom()
    {
        await using var host = await StartAsync();
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client);

        using var refreshed = await user.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        var second = (string)(await refreshed.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!;
        second.ShouldNotBe(user.Token);

        // The start and the refresh spent two; two more are left for this conversation's user, whatever the token.
        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { user.Token, user.Token, second })
        {
            using var response = await user.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities", token: token);
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task GarbageCredentials_ShareOneBudgetPerClientAddress()
    {
        await using var host = await StartAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/directline/conversations/x/activities");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"garbage-{i}-{Guid.NewGuid():N}");
            using var response = await host.Client.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
        }

        statuses.Take(Limit).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(Limit).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }

    private static Task<TestHost> StartAsync() => TestHost.StartAsync(options =>
    {
        options.Settings["DirectLine:RequestsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Settings["DirectLine:TokenRequestsPerMinute"] = "100";
    });
}

/// <summary>Agent tokens end when their key goes: a refresh re-checks the key the agent signed in with.</summary>
public sealed class AgentTokenRevocationTests
{
    [Fact]
    public async Task AgentTokens_WhenTheirKeyIsRemoved_CannotBeRefreshedWhileOtherKeysAgentsCan()
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["AgentWebChat:AccessKeys:0"] = "agent-key-one";
            options.Settings["AgentWebChat:AccessKeys:1"] = "agent-key-two";
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "100";
        });
        await using var removed = await DirectLineTestClient.StartAgentAsync(host.Client, "Alice", "agent-key-one");
        await using var kept = await DirectLineTestClient.StartAgentAsync(host.Client, "Bob", "agent-key-two");
        using (var beforeRemoval = await removed.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh"))
        {
            beforeRemoval.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // The operator rotates the keys: key one is gone.
        host.Options.Settings["AgentWebChat:AccessKeys:0"] = "agent-key-two";
        host.Options.Settings.Remove("AgentWebChat:AccessKeys:1");
        await using var restarted = await host.RestartAsync();
        removed.Http = restarted.Client;
        kept.Http = restarted.Client;

        using var refreshRemoved = await removed.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        using var refreshKept = await kept.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");

        refreshRemoved.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        refreshKept.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>The stream hub holds memory only for open sockets; sockets per conversation are bounded and end with their token.</summary>
public sealed class DirectLineStreamBoundsTests
{
    [Fact]
    public async Task Hub_OnceAConversationsStreamsClose_ForgetsIt()
    {
        await using var host = await TestHost.StartAsync();
        var hub = host.Services.GetRequiredService<Handoff.Infrastructure.Channels.DirectLine.DirectLineStreamHub>();
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client);

        await user.ConnectAsync();
        await user.WaitForTextAsync("Type *agent*");
        hub.ConversationCount.ShouldBe(1);
        // The client's close completes when the server's close frame arrives, which is sent after the hub let go.
        await user.DisconnectAsync();

        hub.ConversationCount.ShouldBe(0);
    }

    [Fact]
    public async Task Stream_PastTheLimit_IsRefusedAndTheOthersKeepWorking()
    {
        await using var host = await TestHost.StartAsync(options => options.Settings["DirectLine:MaxStreamsPerConversation"] = "2");
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client);
        using var first = new ClientWebSocket();
        using var second = new ClientWebSocket();
        using var third = new ClientWebSocket();

        await first.ConnectAsync(new Uri(user.StreamUrl!), TestContext.Current.CancellationToken);
        await second.ConnectAsync(new Uri(user.StreamUrl!), TestContext.Current.CancellationToken);
        var refused = await Should.ThrowAsync<WebSocketException>(() => third.ConnectAsync(new Uri(user.StreamUrl!), TestContext.Current.CancellationToken));

        refused.Message.ShouldContain("429");
        first.State.ShouldBe(WebSocketState.Open);
        second.State.ShouldBe(WebSocketState.Open);
    }

    [Fact]
    public async Task Stream_WhenTheTokenThatOpenedItExpires_IsClosed()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(options => options.Services.Add(services => services.AddSingleton<TimeProvider>(clock)));
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client);
        await user.ConnectAsync();
        await user.WaitForTextAsync("Type *agent*");

        clock.Advance(host.Services.GetRequiredService<Handoff.Infrastructure.Channels.DirectLine.DirectLineTokenService>().Lifetime + TimeSpan.FromSeconds(1));

        await user.StreamEndedAsync();
        user.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
    }
}

/// <summary>A card an end user sends reaches the agent as a plain-text summary, never as a card with buttons.</summary>
public sealed class UserCardRelayTests
{
    [Fact]
    public async Task UserCard_WithFakeButtons_ReachesTheAgentAsTextOnly()
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["AgentWebChat:AccessKeys:0"] = Handoff.Bot.FunctionalTests.Operations.TelemetryHost.AgentKey;
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "100";
        });
        await using var handoff = await Handoff.Bot.FunctionalTests.Operations.ScriptedHandoff.LoginAndQueueAsync(host.Client);
        await handoff.ConnectAsync();

        var card = new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.hero",
            ["content"] = new JsonObject
            {
                ["title"] = "Connect [now](https://evil.example)",
                ["buttons"] = new JsonArray(new JsonObject { ["type"] = "openUrl", ["title"] = "Connect", ["value"] = "https://evil.example" }),
            },
        };
        await handoff.User.PostMessageAsync("please press", "u-card", new JsonObject { ["attachments"] = new JsonArray(card) });

        var relayed = await handoff.Agent.WaitForAsync(a => ((string?)a["text"])?.Contains("please press", StringComparison.Ordinal) == true);
        ((string)relayed["text"]!).ShouldContain("[a hero card: Connect now https evil.example]");
        relayed["attachments"]?.AsArray().ShouldBeEmpty();
        relayed.ToJsonString().ShouldNotContain("openUrl");
    }
}
