using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.Operations;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>
/// Typing between the two sides of a live handoff in web chat (issue 13, ADR-032), over real Kestrel and WebSockets:
/// shown on the other side's stream, never stored, throttled per conversation and direction on the host's clock.
/// </summary>
public sealed class TypingRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private TestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(options =>
    {
        options.Settings["AgentWebChat:AccessKeys:0"] = TelemetryHost.AgentKey;
        options.Settings["DirectLine:TokenRequestsPerMinute"] = "100";
        options.Settings["Handoff:Typing:RelayInterval"] = "00:00:03";
        options.Services.Add(services => services.AddSingleton<TimeProvider>(_clock));
    });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UserTyping_WhileConnected_ReachesTheAgentsStreamAndIsNotStored()
    {
        await using var handoff = await ConnectedAsync();
        var transcriptsBefore = await ReadAsync(db => db.TranscriptEntries.CountAsync());
        var outboxBefore = await ReadAsync(db => db.OutboxMessages.CountAsync());

        var answer = await PostTypingAsync(handoff.User);
        var shown = await handoff.Agent.WaitForAsync(IsTyping);

        answer.ShouldContain("typing");
        ((string)shown["from"]!["role"]!).ShouldBe("bot");
        ((string)shown["from"]!["name"]!).ShouldBe("Jane Doe");
        ((string)shown["conversation"]!["id"]!).ShouldBe(handoff.Agent.ConversationId);
        (await ReadAsync(db => db.TranscriptEntries.CountAsync())).ShouldBe(transcriptsBefore);
        (await ReadAsync(db => db.OutboxMessages.CountAsync())).ShouldBe(outboxBefore);
        (await ReadAsync(db => db.Set<DirectLineActivity>().CountAsync(a => a.Type == "typing"))).ShouldBe(0);
        (await handoff.Agent.GetActivitiesAsync()).Activities.ShouldNotContain(a => IsTyping(a));
        (await handoff.User.GetActivitiesAsync()).Activities.ShouldNotContain(a => IsTyping(a));
    }

    [Fact]
    public async Task AgentTyping_WhileConnected_ReachesTheUsersStream()
    {
        await using var handoff = await ConnectedAsync();

        await PostTypingAsync(handoff.Agent);
        var shown = await handoff.User.WaitForAsync(IsTyping);

        ((string)shown["from"]!["name"]!).ShouldBe("Alice Agent");
        ((string)shown["recipient"]!["id"]!).ShouldBe(handoff.User.UserId);
        handoff.Agent.Received.ShouldNotContain(a => IsTyping(a), "the typist does not see their own indicator");
    }

    [Fact]
    public async Task UserTyping_WithTheBotOrWaiting_ReachesNobody()
    {
        await using var handoff = await ScriptedHandoff.LoginAndQueueAsync(_host.Client);
        await using var withTheBot = await DirectLineTestClient.StartUserAsync(_host.Client, "Bob Bot");
        await withTheBot.ConnectAsync();
        await withTheBot.WaitForTextAsync("Type *agent*");

        await PostTypingAsync(withTheBot);
        await PostTypingAsync(handoff.User);
        await handoff.ConnectAsync();
        await handoff.User.PostMessageAsync("now connected", "u-now");
        await handoff.Agent.WaitForTextAsync("now connected");
        await PostTypingAsync(handoff.User);
        await handoff.Agent.WaitForAsync(IsTyping);
        var received = handoff.Agent.Received.ToList();

        received.Count(IsTyping).ShouldBe(1, "only the typing while connected");
        received.FindIndex(IsTyping).ShouldBeGreaterThan(received.FindIndex(a => ((string?)a["text"])?.Contains("now connected", StringComparison.Ordinal) == true));
        withTheBot.Received.ShouldNotContain(a => IsTyping(a));
    }

    [Fact]
    public async Task TypingBurst_WithinTheInterval_IsRelayedOnce_AndAgainOnceTheIntervalHasPassed()
    {
        await using var handoff = await ConnectedAsync();

        for (var i = 0; i < 10; i++)
        {
            await PostTypingAsync(handoff.User);
        }

        await handoff.User.PostMessageAsync("marker-1", "u-m1");
        await handoff.Agent.WaitForTextAsync("marker-1");
        var afterBurst = handoff.Agent.Received.Count(IsTyping);

        _clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        await PostTypingAsync(handoff.User);
        await handoff.User.PostMessageAsync("marker-2", "u-m2");
        await handoff.Agent.WaitForTextAsync("marker-2");
        var justBeforeTheInterval = handoff.Agent.Received.Count(IsTyping);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await PostTypingAsync(handoff.User);
        await handoff.User.PostMessageAsync("marker-3", "u-m3");
        await handoff.Agent.WaitForTextAsync("marker-3");

        afterBurst.ShouldBe(1);
        justBeforeTheInterval.ShouldBe(1);
        handoff.Agent.Received.Count(IsTyping).ShouldBe(2);
    }

    private static bool IsTyping(JsonObject activity) => (string?)activity["type"] == "typing";

    private async Task<ScriptedHandoff> ConnectedAsync()
    {
        var handoff = await ScriptedHandoff.LoginAndQueueAsync(_host.Client);
        await handoff.ConnectAsync();
        await handoff.Agent.WaitForTextAsync("connected to Jane Doe");
        return handoff;
    }

    /// <summary>Posts a typing activity as Web Chat does; answers the id the server gave it (200, nothing stored).</summary>
    internal static async Task<string> PostTypingAsync(DirectLineTestClient client)
    {
        var typing = new JsonObject { ["type"] = "typing", ["from"] = new JsonObject { ["id"] = client.UserId, ["role"] = "user" } };
        using var response = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities", typing);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!;
    }

    private async Task<T> ReadAsync<T>(Func<HandoffDbContext, Task<T>> read)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<HandoffDbContext>());
    }
}
