using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>The connector client's proactive and reply calls, against the fake Bot Connector over loopback.</summary>
public sealed class BotConnectorClientTests(EgressCountingFixture bot) : IClassFixture<EgressCountingFixture>
{
    [Fact]
    public async Task CreateConversation_StartsAProactiveOneToOneInTheTenant_WithTheBotToken()
    {
        var client = bot.Host.Services.GetRequiredService<BotConnectorClient>();
        var tenant = JsonSerializer.SerializeToElement(new { tenant = new { id = BotFrameworkFixture.TenantId } });

        var response = await client.CreateConversationAsync(bot.ServiceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = $"28:{BotFrameworkFixture.AppId}" },
            Members = [new ChannelAccount { Id = "29:agent-proactive" }],
            TenantId = BotFrameworkFixture.TenantId,
            ChannelData = tenant,
        }, TestContext.Current.CancellationToken);

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Id!.ShouldStartWith("a:created-");
        var sent = bot.Connector.Requests.Single(r => r.ReturnedId == response.Id);
        sent.Method.ShouldBe("POST");
        sent.Path.ShouldEndWith("/teams/v3/conversations");
        sent.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
        sent.Body.GetProperty("tenantId").GetString().ShouldBe(BotFrameworkFixture.TenantId);
        sent.Body.GetProperty("members")[0].GetProperty("id").GetString().ShouldBe("29:agent-proactive");
        sent.Body.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString().ShouldBe(BotFrameworkFixture.TenantId);
        sent.Body.GetProperty("isGroup").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Reply_EscapesTeamsIdsKeepsTheServicePathAndSendsNoServerFields()
    {
        var client = bot.Host.Services.GetRequiredService<BotConnectorClient>();
        const string conversation = "19:abc@thread.skype;messageid=1498171086622";

        var response = await client.ReplyToActivityAsync(bot.ServiceUrl, conversation, "1575667808184", new Activity { Type = "message", Text = "On it." }, TestContext.Current.CancellationToken);

        response.Status.ShouldBe(HttpStatusCode.OK);
        var sent = bot.Connector.Requests.Single(r => r.ReturnedId == response.Id);
        sent.Path.ShouldEndWith("/teams/v3/conversations/19%3Aabc%40thread.skype%3Bmessageid%3D1498171086622/activities/1575667808184");
        sent.ConversationId.ShouldBe(conversation);
        sent.Body.GetProperty("replyToId").GetString().ShouldBe("1575667808184");
        sent.Body.TryGetProperty("id", out _).ShouldBeFalse();
        sent.Body.TryGetProperty("timestamp", out _).ShouldBeFalse();
        sent.Body.TryGetProperty("serviceUrl", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task AnHttpServiceUrlOutsideLoopback_IsNeverCalled()
    {
        var client = bot.Host.Services.GetRequiredService<BotConnectorClient>();

        await Should.ThrowAsync<InvalidOperationException>(() =>
            client.SendToConversationAsync("http://smba.example.com/teams/", "a:1", new Activity { Type = "message", Text = "x" }, TestContext.Current.CancellationToken));
        var allowed = await client.SendToConversationAsync("https://smba.example.com/teams/", "a:1", new Activity { Type = "message", Text = "x" }, TestContext.Current.CancellationToken);

        allowed.Status.ShouldBe(HttpStatusCode.OK, "the edge answers whatever reaches it, so a refused call would have succeeded");
        bot.Egress.Requests.Select(r => r.GetLeftPart(UriPartial.Authority)).ShouldBe(["https://smba.example.com"], "only the https call left the process");
    }
}

/// <summary>
/// The Bot Framework host whose connector client's outgoing requests to hosts other than loopback are recorded and
/// answered 200 at the HTTP edge, as a real Bot Connector would: a call the product should have refused would succeed.
/// </summary>
public sealed class EgressCountingFixture : BotFrameworkFixture
{
    private bool _added;

    public EgressLog Egress { get; } = new();

    protected override void Configure(TestHostOptions options)
    {
        if (_added)
        {
            return;
        }

        _added = true;
        options.Services.Add(services => services.AddHttpClient(BotConnectorClient.HttpClientName).AddHttpMessageHandler(() => new EgressHandler(Egress)));
    }
}

public sealed class EgressLog
{
    private readonly ConcurrentQueue<Uri> _requests = new();

    public IReadOnlyList<Uri> Requests => [.. _requests];

    public void Add(Uri uri) => _requests.Enqueue(uri);
}

/// <summary>Lets loopback calls through to the fake Bot Connector; records and answers every other one.</summary>
public sealed class EgressHandler(EgressLog log) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsLoopback: true })
        {
            return base.SendAsync(request, cancellationToken);
        }

        log.Add(request.RequestUri!);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"remote-1"}""", System.Text.Encoding.UTF8, "application/json") });
    }
}
