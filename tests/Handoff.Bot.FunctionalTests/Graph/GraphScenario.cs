using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels;
using Handoff.Bot.FunctionalTests.Teams;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Handoff.TestSupport.FakeGraph;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Graph;

/// <summary>
/// The real product on Kestrel with Teams settings pointing at a fake Graph on loopback. Teams agents speak through
/// <c>/api/messages</c> with tokens signed by a fake Bot Connector; end users through
/// <see cref="HandleIncomingMessageCommand"/> (the single entry of every channel); what the product sends back is
/// recorded at the channel-sender edge.
/// </summary>
internal sealed class GraphScenario : IAsyncDisposable
{
    /// <summary>The end users' channel in these scenarios: no real sender owns it, so only the recording sender delivers to it.</summary>
    public const string UserChannel = "test";

    public const string AgentGroup = "a9e0c1f4-0000-4000-8000-000000000001";
    public const string NestedGroup = "a9e0c1f4-0000-4000-8000-000000000002";
    public const string Alice = "11111111-0000-4000-8000-00000000000a";
    public const string Bob = "11111111-0000-4000-8000-00000000000b";
    public const string Carol = "11111111-0000-4000-8000-00000000000c";
    public const string Dave = "11111111-0000-4000-8000-00000000000d";
    public const string Erin = "11111111-0000-4000-8000-00000000000e";
    public const string Olga = "11111111-0000-4000-8000-0000000000aa";

    private GraphScenario(FakeGraphServer graph, FakeBotConnector connector, TestHost host, RecordingChannelSender channel, FakeGraphCredentialFactory credentials, FakeTimeProvider? clock)
    {
        Graph = graph;
        Connector = connector;
        Host = host;
        Channel = channel;
        Credentials = credentials;
        Clock = clock;
    }

    public FakeGraphServer Graph { get; }

    /// <summary>Signs the agents' activities (OpenID metadata and keys) as the Bot Connector does.</summary>
    public FakeBotConnector Connector { get; }

    public TestHost Host { get; }

    public RecordingChannelSender Channel { get; }

    public FakeGraphCredentialFactory Credentials { get; }

    public FakeTimeProvider? Clock { get; }

    public static async Task<GraphScenario> StartAsync(string? defaultOrganizer = Olga, FakeTimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        var graph = await FakeGraphServer.StartAsync();
        graph.AddUser(Alice, "Alice Anders", "alice@contoso.test");
        graph.AddUser(Bob, "Bob Berg");
        graph.AddUser(Carol, "Carol Chen");
        graph.AddUser(Dave, "Dave Denied");
        graph.AddUser(Erin, "Erin Evans");
        graph.AddUser(Olga, "Olga Organizer");
        graph.AddGroup(NestedGroup, Bob, Dave, Erin);
        graph.AddGroup(AgentGroup, Alice, NestedGroup);
        graph.DenyOrganizer(Dave);

        var connector = await FakeBotConnector.StartAsync();
        var channel = new RecordingChannelSender();
        var credentials = new FakeGraphCredentialFactory();
        var host = await TestHost.StartAsync(options =>
        {
            options.UseFakeGraph(graph, AgentGroup, credentials, defaultOrganizer);
            options.Settings["Bot:MicrosoftAppId"] = BotFrameworkFixture.AppId;
            options.Settings["Bot:MicrosoftAppPassword"] = "not-used-replies-are-recorded-at-the-sender";
            options.Settings["Bot:MicrosoftAppTenantId"] = FakeGraphHostExtensions.TenantId;
            options.Settings["Bot:OpenIdMetadataUrl"] = connector.OpenIdMetadataUrl;
            options.Settings["Graph:RetryDelaySeconds"] = "0";
            foreach (var (key, value) in settings)
            {
                options.Settings[key] = value;
            }

            // Teams agents (Bot Connector addresses) and the "test" channel's users are all delivered here.
            options.Services.Add(services => services.ReplaceChannelSender(channel, ChannelSenders.BotConnector, UserChannel));
            if (clock is not null)
            {
                options.Services.Add(services => services.AddSingleton<TimeProvider>(clock));
            }
        });
        return new GraphScenario(graph, connector, host, channel, credentials, clock);
    }

    public static ChannelAddress TeamsAddress(string agentKey) =>
        new("msteams", $"a:conv-{agentKey}", $"29:{agentKey}", "https://127.0.0.1/teams-service/", "28:bot", FakeGraphHostExtensions.TenantId);

    public static ChannelAddress UserAddress(string userKey) => new(UserChannel, $"conv-{userKey}", $"user-{userKey}");

    /// <summary>
    /// A Teams agent (Entra object id, the configured tenant) says something: the activity is posted to
    /// <c>/api/messages</c> with a Bot Connector token, so the channel code decides what the sender is (authenticated,
    /// tenant, verified agent), as in production.
    /// </summary>
    public async Task AgentSaysAsync(string agentKey, string entraObjectId, string text)
    {
        var agent = new TeamsPerson($"29:{agentKey}", $"Teams {agentKey}", entraObjectId, TeamsAddress(agentKey).ConversationId, FakeGraphHostExtensions.TenantId);
        var activity = Activities.TeamsMessage(Connector.ServiceUrl, agent, text);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent.Create(activity) };

        // Tokens are checked against the product's clock; a scenario on a fake clock gets a token valid at its time.
        var skew = (Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow) - DateTimeOffset.UtcNow;
        var token = Connector.MintToken(BotFrameworkFixture.AppId, Connector.ServiceUrl, new TokenSpec { NotBeforeAgo = TimeSpan.FromMinutes(1) - skew, ExpiresIn = TimeSpan.FromHours(1) + skew });
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public Task<Result> UserSaysAsync(string userKey, string text) =>
        SendAsync(new HandleIncomingMessageCommand(UserAddress(userKey), new Sender($"user-{userKey}", $"User {userKey}"), text, null, [], Guid.NewGuid().ToString("N")));

    /// <summary>Waits for a message to this address whose visible text (<see cref="VisibleText"/>) contains <paramref name="fragment"/>.</summary>
    public Task<RecordingChannelSender.Delivered> WaitForAsync(ChannelAddress to, string fragment) =>
        Channel.WaitForAsync(d => d.Message.To.ConversationId == to.ConversationId && VisibleText.Contains(d.Message, fragment));

    /// <summary>The raw text and card JSON, for assertions on what is not visible text (a button's URL).</summary>
    public static string Content(RecordingChannelSender.Delivered delivered) =>
        delivered.Message.Text + string.Concat(delivered.Message.Attachments.Select(a => a.ContentJson));

    /// <summary>Changes a setting at run time, as the management API does (configuration reload).</summary>
    public void ChangeSetting(string key, string? value)
    {
        var configuration = (IConfigurationRoot)Host.App.Configuration;
        configuration[key] = value;
        configuration.Reload();
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
        await Connector.DisposeAsync();
    }

    private async Task<Result> SendAsync(HandleIncomingMessageCommand command)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }
}
