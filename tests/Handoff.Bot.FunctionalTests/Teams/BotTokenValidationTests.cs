using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Interfaces;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>
/// <c>POST /api/messages</c> authenticates every request as the Bot Connector requires; a rejected request is 401 and
/// leaves no trace. Tokens are minted by the fake Bot Connector with the keys it publishes (with endorsements).
/// </summary>
public sealed class BotTokenValidationTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task ValidToken_IsAccepted_AndTheReplyGoesToTheServiceUrlPathWithTheBotToken()
    {
        var (activity, conversationId) = NewActivity();

        using var response = await fixture.PostAsync(activity);
        var reply = await Connector.WaitForAsync(r => r.ConversationId == conversationId);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        reply.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
        reply.ServicePath.ShouldBe("/teams");
        reply.Body.TryGetProperty("id", out _).ShouldBeFalse();
        reply.Body.TryGetProperty("timestamp", out _).ShouldBeFalse();
        reply.Body.TryGetProperty("serviceUrl", out _).ShouldBeFalse();
        reply.Body.GetProperty("conversation").GetProperty("id").GetString().ShouldBe(conversationId);
        reply.Body.GetProperty("recipient").GetProperty("id").GetString().ShouldBe("user-" + conversationId);
        reply.Body.GetProperty("from").GetProperty("id").GetString().ShouldBe("handoff-bot@abc");
    }

    [Theory]
    [InlineData("expired within the 5-minute skew")]
    [InlineData("serviceurl differing only in case")]
    public async Task TokensTheBotConnectorWouldAccept_AreAccepted(string @case)
    {
        var (activity, conversationId) = NewActivity();
        var spec = @case switch
        {
            "expired within the 5-minute skew" => new TokenSpec { NotBeforeAgo = TimeSpan.FromHours(1), ExpiresIn = TimeSpan.FromMinutes(-3) },
            _ => new TokenSpec { ServiceUrl = fixture.ServiceUrl.ToUpperInvariant() },
        };

        using var response = await fixture.PostAsync(activity, spec);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, @case);
        (await ConversationExistsAsync(conversationId)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("wrong issuer")]
    [InlineData("wrong audience")]
    [InlineData("expired beyond the 5-minute skew")]
    [InlineData("not valid yet beyond the skew")]
    [InlineData("alg HS256")]
    [InlineData("alg none")]
    [InlineData("RS256 but signed by an unpublished key")]
    [InlineData("channel not endorsed by the signing key")]
    [InlineData("serviceurl missing")]
    [InlineData("serviceurl with another host")]
    public async Task BadTokens_Are401_AndNothingIsProcessed(string @case)
    {
        var (activity, conversationId) = NewActivity();
        var spec = @case switch
        {
            "wrong issuer" => new TokenSpec { Issuer = "https://api.botframework.example" },
            "wrong audience" => new TokenSpec { Audience = Guid.NewGuid().ToString() },
            "expired beyond the 5-minute skew" => new TokenSpec { NotBeforeAgo = TimeSpan.FromHours(1), ExpiresIn = TimeSpan.FromMinutes(-6) },
            "not valid yet beyond the skew" => new TokenSpec { NotBeforeAgo = TimeSpan.FromMinutes(-10) },
            "alg HS256" => new TokenSpec { Algorithm = "HS256" },
            "alg none" => new TokenSpec { Algorithm = "none" },
            "RS256 but signed by an unpublished key" => new TokenSpec { Key = Connector.CreateKey($"unpublished-{Guid.NewGuid():N}", "webchat") },
            "channel not endorsed by the signing key" => new TokenSpec { Key = Connector.AddKey($"teams-only-{Guid.NewGuid():N}", "msteams") },
            "serviceurl missing" => new TokenSpec { OmitServiceUrl = true },
            _ => new TokenSpec { ServiceUrl = "https://smba.example.net/teams/" },
        };

        using var response = await fixture.PostAsync(activity, spec);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, @case);
        (await ConversationExistsAsync(conversationId)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer {token}")]
    [InlineData("Basic {token}")]
    [InlineData("Bearer {token} extra")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    public async Task MalformedAuthorizationHeaders_Are401(string header)
    {
        var (activity, conversationId) = NewActivity();
        var token = Connector.MintToken(BotFrameworkFixture.AppId, fixture.ServiceUrl);

        using var response = await fixture.PostAsync(activity, authorization: header.Replace("{token}", token, StringComparison.Ordinal));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ConversationExistsAsync(conversationId)).ShouldBeFalse();
    }

    [Fact]
    public async Task NoAuthorizationHeader_WhenAnAppIdIsConfigured_Is401()
    {
        var (activity, conversationId) = NewActivity();

        using var response = await fixture.PostAsync(activity, anonymous: true);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ConversationExistsAsync(conversationId)).ShouldBeFalse();
    }

    [Fact]
    public async Task UnknownKeyId_RereadsTheKeys_SoANewlyPublishedKeyIsAccepted()
    {
        using (var warmUp = await fixture.PostAsync(NewActivity().Activity))
        {
            warmUp.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var rotated = Connector.CreateKey($"rotated-{Guid.NewGuid():N}", FakeBotConnector.DefaultEndorsements);
        Connector.Publish(rotated);
        var reads = Connector.JwksRequests;
        var (activity, conversationId) = NewActivity();

        using var response = await fixture.PostAsync(activity, new TokenSpec { Key = rotated });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Connector.JwksRequests.ShouldBeGreaterThan(reads);
        (await ConversationExistsAsync(conversationId)).ShouldBeTrue();
    }

    [Fact]
    public async Task MalformedJsonOrMissingType_Is400_OversizedBodyIs413()
    {
        using var malformed = await fixture.Host.Client.PostAsync("api/messages", new StringContent("{\"type\": \"message\",", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var (noType, _) = NewActivity();
        noType.Remove("type");
        using var missingType = await fixture.PostAsync(noType);
        var (huge, _) = NewActivity();
        huge["text"] = new string('x', 300 * 1024);
        using var oversized = await fixture.PostAsync(huge);

        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        oversized.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UnknownActivityTypesAndEventNames_Are200_UnknownInvokes_Are501()
    {
        var (reaction, _) = NewActivity();
        reaction["type"] = "messageReaction";
        var (unknownEvent, _) = NewActivity();
        unknownEvent["type"] = "event";
        unknownEvent["name"] = "something.new";
        var (status, _) = NewActivity();
        status["type"] = "event";
        status["name"] = "handoff.status";
        status["value"] = new JsonObject { ["state"] = "completed" };
        var (invoke, _) = NewActivity();
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";

        using var reactionResponse = await fixture.PostAsync(reaction);
        using var eventResponse = await fixture.PostAsync(unknownEvent);
        using var statusResponse = await fixture.PostAsync(status);
        using var invokeResponse = await fixture.PostAsync(invoke);

        reactionResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        eventResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        statusResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        invokeResponse.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
    }

    [Fact]
    public async Task AnEmbeddedChannelsId_WithAValidBotFrameworkToken_IsRefusedToo()
    {
        // A correctly signed activity (any bot registered for this app id, e.g. through Azure's Direct Line) still
        // cannot make its sender one of the embedded channel's accounts (ADR-021: refused in every mode).
        var conversationId = $"conv-{Guid.NewGuid():N}";
        var activity = Activities.WebChatMessage(fixture.ServiceUrl, "agent_0123456789abcdef01234567", "Alice", conversationId, "agent", channelId: "directline");

        using var response = await fixture.PostAsync(activity);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<IConversationRepository>().FindByAddressAsync("directline", conversationId, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task Activity_WithTenThenElevenAttachments_IsAcceptedThenRefused()
    {
        // Issue 12 item 8 on /api/messages: the fixed cap of 10 attachments per activity, at the limit and one past it.
        var (atTheLimit, _) = NewActivity();
        atTheLimit["attachments"] = Attachments(10);
        var (onePast, onePastConversation) = NewActivity();
        onePast["attachments"] = Attachments(11);

        using var accepted = await fixture.PostAsync(atTheLimit);
        using var refused = await fixture.PostAsync(onePast);

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ConversationExistsAsync(onePastConversation)).ShouldBeFalse();
    }

    private static JsonArray Attachments(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["contentType"] = "image/png", ["contentUrl"] = $"https://files.example/{i}.png", ["name"] = $"{i}.png" })];

    private (JsonObject Activity, string ConversationId) NewActivity()
    {
        var conversationId = $"conv-{Guid.NewGuid():N}";
        return (Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane Doe", conversationId, "hello"), conversationId);
    }

    private async Task<bool> ConversationExistsAsync(string conversationId)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationRepository>().FindByAddressAsync("webchat", conversationId, TestContext.Current.CancellationToken) is not null;
    }
}

/// <summary>Local development: no app id configured, anonymous traffic chosen explicitly, replies to the (fake) Emulator only.</summary>
public sealed class AnonymousBotFrameworkFixture : BotFrameworkFixture
{
    protected override string ConfiguredAppId => string.Empty;

    protected override void Configure(TestHostOptions options)
    {
        options.EnvironmentName = "Development";
        options.Settings["Bot:AllowAnonymous"] = "true";
        options.Settings["Bot:AnonymousServiceUrl"] = ServiceUrl;
    }
}

/// <summary>Without <c>Bot:MicrosoftAppId</c> header-less requests are anonymous, yet a present header is still validated.</summary>
public sealed class AnonymousDevelopmentTests(AnonymousBotFrameworkFixture fixture) : IClassFixture<AnonymousBotFrameworkFixture>
{
    [Fact]
    public async Task NoHeader_IsAccepted_AndTheReplyCarriesNoAuthorizationHeader()
    {
        var conversationId = $"conv-{Guid.NewGuid():N}";
        var activity = Activities.WebChatMessage(fixture.ServiceUrl, "dev-user", "Dev", conversationId, "hello");

        using var response = await fixture.PostAsync(activity, anonymous: true);
        var reply = await fixture.Connector.WaitForAsync(r => r.ConversationId == conversationId);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        reply.Authorization.ShouldBeNull();
        fixture.Credential.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task APresentHeader_IsStillValidated_AndRejected()
    {
        var activity = Activities.WebChatMessage(fixture.ServiceUrl, "dev-user", "Dev", $"conv-{Guid.NewGuid():N}", "hello");

        using var response = await fixture.PostAsync(activity);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnonymousTeamsLogin_IsRefused()
    {
        var agent = Activities.NewTeamsPerson("Alice Agent");
        fixture.Directory.AddMember(agent.AadObjectId, agent.Name);

        using var response = await fixture.PostAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, "login"), anonymous: true);
        var reply = await fixture.Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        reply.Text.ShouldNotBeNull().ShouldContain("not authenticated");
    }
}

/// <summary>
/// The open relay of issue 12: without an app id, <c>/api/messages</c> takes no anonymous traffic unless chosen in
/// Development, never replies to a service URL the caller names, and never takes an embedded channel's id.
/// </summary>
public sealed class AnonymousRelayTests(AnonymousBotFrameworkFixture fixture) : IClassFixture<AnonymousBotFrameworkFixture>
{
    [Fact]
    public async Task AnonymousActivity_NamingItsOwnServiceUrl_IsRefused_AndNothingIsProcessed()
    {
        // The attack: make the server post its replies to itself (or anywhere on its network).
        var conversationId = $"conv-{Guid.NewGuid():N}";
        var ownServer = fixture.Host.BaseAddress + "api/messages?";
        var activity = Activities.WebChatMessage(ownServer, "relay-user", "Relay", conversationId, "agent");

        using var response = await fixture.PostAsync(activity, anonymous: true);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<IConversationRepository>().FindByAddressAsync("webchat", conversationId, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task AnEmbeddedChannelsId_IsRefused()
    {
        // The attack: post as "directline" so the sender is looked up as one of the agent web chat's accounts.
        var activity = Activities.WebChatMessage(fixture.ServiceUrl, "dl_agent", "Alice", $"conv-{Guid.NewGuid():N}", "accept", channelId: "directline");

        using var response = await fixture.PostAsync(activity, anonymous: true);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("does not come through the Bot Framework");
    }
}

/// <summary>Anonymous Bot Framework traffic is off unless chosen, and cannot be chosen outside Development.</summary>
public sealed class AnonymousModeSettingTests
{
    [Fact]
    public async Task WithoutAnAppId_AndWithoutAllowAnonymous_AHeaderlessActivity_IsRefused()
    {
        await using var host = await TestHost.StartAsync(options => options.EnvironmentName = "Development");
        var activity = Activities.WebChatMessage("http://127.0.0.1:9/", "u1", "User", $"conv-{Guid.NewGuid():N}", "hello");

        using var response = await host.Client.PostAsync("api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AllowAnonymous_OutsideDevelopment_StopsTheStart_NamingTheKey()
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestHost.StartAsync(options =>
        {
            options.EnvironmentName = "Production";
            options.Settings["Bot:AllowAnonymous"] = "true";
            options.Settings["Bot:AnonymousServiceUrl"] = "http://localhost:50000";
        }));

        error.Message.ShouldContain("Bot:AllowAnonymous");
    }
}

/// <summary>A Bot Framework host whose signing keys are re-read at most once an hour after a failure.</summary>
public sealed class SlowKeyRefreshBotFrameworkFixture : BotFrameworkFixture
{
    protected override void Configure(TestHostOptions options) => options.Settings["Bot:SigningKeysMinimumRefreshInterval"] = "01:00:00";
}

/// <summary>While the signing-key endpoint fails, requests do not queue up behind one fetch after another.</summary>
public sealed class FailingSigningKeysTests(SlowKeyRefreshBotFrameworkFixture fixture) : IClassFixture<SlowKeyRefreshBotFrameworkFixture>
{
    [Fact]
    public async Task WhileTheKeyEndpointFails_ItIsFetchedOncePerInterval_AndRequestsAreRefusedAtOnce()
    {
        fixture.Connector.KeysFailing = true;
        var before = fixture.Connector.JwksRequests;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var conversationId = $"conv-{Guid.NewGuid():N}";
            using var response = await fixture.PostAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane", conversationId, "hello"));
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        (fixture.Connector.JwksRequests - before).ShouldBe(1);
    }
}
