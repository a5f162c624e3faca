using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>
/// Issue 16's scenario with the product's default outbox settings: two Teams agents over the fake Bot Connector, each
/// connected to one web chat user. Measures how long agent B waits for his user's message while agent A's
/// conversation hangs, while A's conversation fails (503) with a backlog, and how long A's backlog takes on recovery.
/// Run: dotnet run -c Release --project bench/Handoff.Bench -- isolation [backlog]
/// </summary>
internal static class Isolation
{
    private const string AppId = "8a1e3c52-43f6-4d0c-9a7c-0d6b2c1f7e11";
    private const string TenantId = "5f0c8f7e-2b1d-4c3a-9e8f-7a6b5c4d3e2f";
    private static int s_sequence;

    public static async Task RunAsync(int backlog)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var directory = new FakeAgentDirectory();
        await using var host = await TestHost.StartAsync(options =>
        {
            options.EnvironmentName = "Production";
            options.Settings["Logging:LogLevel:Default"] = "Warning";
            options.Settings["Bot:MicrosoftAppId"] = AppId;
            options.Settings["Bot:MicrosoftAppPassword"] = "not-used-the-credential-is-faked";
            options.Settings["Bot:MicrosoftAppTenantId"] = TenantId;
            options.Settings["Bot:OpenIdMetadataUrl"] = connector.OpenIdMetadataUrl;
            options.Settings["Teams:TenantId"] = TenantId;
            options.Settings["Teams:ClientId"] = "0a0a0a0a-0000-4000-8000-0000000000c1";
            options.Settings["Teams:ClientSecret"] = "not-used-the-directory-is-faked";
            options.Settings["Teams:AgentGroupObjectId"] = "0a0a0a0a-0000-4000-8000-0000000000a9";
            options.Settings["DirectLine:RequestsPerMinute"] = "10000000";
            options.Settings["Outbox:MaxAttempts"] = "1000000";
            options.Services.Add(services =>
            {
                services.RemoveAll<IAgentDirectory>();
                services.AddSingleton<IAgentDirectory>(directory);
                services.AddKeyedSingleton<TokenCredential>(BotTokenProvider.CredentialKey, new FixedCredential());
            });
        });

        var bench = new Scenario(host, connector, directory);
        var (a, aUser) = await bench.ConnectedPairAsync("Agent A");
        var (b, bUser) = await bench.ConnectedPairAsync("Agent B");

        connector.Hang(a);
        await bench.UserSaysAsync(aUser, "to A while hung");
        await connector.WaitForHeldAsync(r => r.ConversationId == a);
        var hung = await bench.TimeToAgentAsync(bUser, b, "to B while A hangs");
        connector.ReleaseHang(a);
        await connector.WaitForAsync(r => r.ConversationId == a && r.Succeeded && r.Text == "**Jane Doe:** to A while hung");

        connector.FailAlways(a, 503);
        for (var i = 1; i <= backlog; i++)
        {
            await bench.UserSaysAsync(aUser, $"backlog {i}");
        }

        var starving = await bench.TimeToAgentAsync(bUser, b, "to B while A fails");
        var recovery = Stopwatch.StartNew();
        connector.Recover(a);
        await connector.WaitForAsync(r => r.ConversationId == a && r.Succeeded && r.Text == $"**Jane Doe:** backlog {backlog}", TimeSpan.FromMinutes(10));
        var inOrder = connector.DeliveredTo(a).Where(r => r.Text?.StartsWith("**Jane Doe:** backlog ", StringComparison.Ordinal) == true).Select(r => r.Text).ToList();

        Console.WriteLine($"B's message while A's send hangs: delivered {hung.TotalMilliseconds:0} ms after B's user posted it");
        Console.WriteLine($"B's message while A fails with {backlog} pending: delivered {starving.TotalMilliseconds:0} ms after posting");
        Console.WriteLine($"A's {backlog} after recovery: all delivered {recovery.Elapsed.TotalSeconds:0.00} s after the connector recovered; once and in order: {inOrder.SequenceEqual(Enumerable.Range(1, backlog).Select(i => $"**Jane Doe:** backlog {i}"))}");
    }

    private sealed class Scenario(TestHost host, FakeBotConnector connector, FakeAgentDirectory directory)
    {
        public async Task<(string Agent, string User)> ConnectedPairAsync(string name)
        {
            var agent = (Id: $"29:{Guid.NewGuid():N}", Aad: Guid.NewGuid().ToString(), Conversation: $"a:{Guid.NewGuid():N}");
            directory.AddMember(agent.Aad, name);
            await PostAsync(Teams(agent, name, "login", null));
            await connector.WaitForAsync(r => r.ConversationId == agent.Conversation && r.Visible.Contains("Agent options", StringComparison.Ordinal));
            var user = $"webchat-conv-{Guid.NewGuid():N}";
            await UserSaysAsync(user, "I want to talk to an agent");
            var card = await connector.WaitForAsync(r => r.ConversationId == agent.Conversation && r.IsSend && r.Succeeded && r.Visible.Contains("is waiting", StringComparison.Ordinal));
            await PostAsync(Teams(agent, name, null, ConnectData(JsonNode.Parse(card.Body.GetProperty("attachments")[0].GetProperty("content").GetRawText())!)));
            await connector.WaitForAsync(r => r.ConversationId == agent.Conversation && r.IsUpdate && r.ActivityId == card.ReturnedId);
            return (agent.Conversation, user);
        }

        public async Task<TimeSpan> TimeToAgentAsync(string user, string agent, string text)
        {
            var watch = Stopwatch.StartNew();
            await UserSaysAsync(user, text);
            await connector.WaitForAsync(r => r.ConversationId == agent && r.Succeeded && r.Text == $"**Jane Doe:** {text}", TimeSpan.FromMinutes(5));
            return watch.Elapsed;
        }

        public Task UserSaysAsync(string conversation, string text) => PostAsync(new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"w:{Interlocked.Increment(ref s_sequence)}",
            ["serviceUrl"] = connector.ServiceUrl,
            ["channelId"] = "webchat",
            ["from"] = new JsonObject { ["id"] = "user-" + conversation, ["name"] = "Jane Doe" },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["recipient"] = new JsonObject { ["id"] = "handoff-bot@abc", ["name"] = "Handoff" },
            ["text"] = text,
        });

        private JsonObject Teams((string Id, string Aad, string Conversation) agent, string name, string? text, JsonNode? value) => new()
        {
            ["type"] = "message",
            ["id"] = $"f:{Interlocked.Increment(ref s_sequence)}",
            ["serviceUrl"] = connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = agent.Id, ["name"] = name, ["aadObjectId"] = agent.Aad },
            ["conversation"] = new JsonObject { ["id"] = agent.Conversation, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "Handoff" },
            ["text"] = text,
            ["value"] = value,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };

        private async Task PostAsync(JsonObject activity)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent.Create(activity) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connector.MintToken(AppId, connector.ServiceUrl));
            using var response = await host.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        private static JsonNode? ConnectData(JsonNode node) => node switch
        {
            JsonObject o when o["command"]?.GetValueKind() == JsonValueKind.String && o["command"]!.GetValue<string>() == "connect" => o.DeepClone(),
            JsonObject o => o.Select(p => p.Value is null ? null : ConnectData(p.Value)).FirstOrDefault(n => n is not null),
            JsonArray a => a.Select(n => n is null ? null : ConnectData(n)).FirstOrDefault(n => n is not null),
            _ => null,
        };
    }

    private sealed class FixedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("fake-bot-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
