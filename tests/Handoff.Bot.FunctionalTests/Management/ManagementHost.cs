using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Management;
using Handoff.TestSupport;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Management;

/// <summary>
/// The real product on Kestrel with two management keys (one plain, one given as its SHA-256 hash), a client secret in
/// the configuration, and a recording Direct Line sender at the edge.
/// </summary>
public sealed class ManagementHost : IAsyncLifetime
{
    public const string Key = "test-management-key-0123456789";
    public const string OpsKey = "ops-key-abcdefghijklmnopqrstuvwxyz";
    public const string ConfiguredSecret = "configured-client-secret-4f1e";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public TestHost Host { get; private set; } = null!;

    public RecordingChannelSender Sender { get; } = new();

    public HttpClient Api { get; private set; } = null!;

    /// <summary>The product's clock when a test starts a host of its own with a fake one (null: the real clock).</summary>
    public TimeProvider? Clock { get; init; }

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(options =>
        {
            options.Settings["Management:ApiKeys:0"] = Key;
            options.Settings["Management:ApiKeys:ops"] = ManagementApiKeys.HashOf(OpsKey);
            options.Settings["Teams:TenantId"] = "1b1b1b1b-0000-4000-8000-000000000001";
            options.Settings["Teams:ClientId"] = "1b1b1b1b-0000-4000-8000-0000000000c1";
            options.Settings["Teams:AgentGroupObjectId"] = "1b1b1b1b-0000-4000-8000-0000000000a9";
            options.Settings["Teams:ClientSecret"] = ConfiguredSecret;
            options.Services.Add(services => services.ReplaceChannelSender(Sender, DirectLineActivities.ChannelId));
            if (Clock is not null)
            {
                options.Services.Add(services => services.AddSingleton(Clock));
            }
        });
        Api = Client(Key);
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Api.PostAsJsonAsync(path, body, Json);

    public Task<HttpResponseMessage> PutAsync(string path, object body) => Api.PutAsJsonAsync(path, body, Json);

    /// <summary>A message arriving through the single inbound entry, as a channel adapter sends it.</summary>
    public async Task<Result> SayAsync(ChannelAddress address, Sender from, string text)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new HandleIncomingMessageCommand(address, from, text, null, [], Guid.NewGuid().ToString("N")));
    }

    public Task<RecordingChannelSender.Delivered> WaitForReplyAsync(ChannelAddress to, string containing) =>
        Sender.WaitForAsync(d => d.Message.To.ConversationId == to.ConversationId && Says(d.Message, containing));

    public static bool Says(OutboundMessage message, string text) => VisibleText.Contains(message, text);

    public static ChannelAddress NewUserAddress(out Sender user, string name = "Jane Doe")
    {
        var id = "dl_" + Guid.NewGuid().ToString("N")[..10];
        user = new Sender(id, name);
        return new ChannelAddress("directline", "conv-" + Guid.NewGuid().ToString("N"), id);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ManagementCollection : ICollectionFixture<ManagementHost>
{
    public const string Name = "management-api";
}
