using System.Net;
using System.Text.Json.Nodes;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>
/// A user's activity whose append loses every race for the next sequence number (a trigger makes each
/// optimistic update of the conversation's log affect no row) is not silently lost: the client is answered 503 with
/// <c>Retry-After</c>, nothing was stored or handed to the bot, and the resend is stored and answered once.
/// </summary>
public sealed class DirectLineAppendGiveUpTests
{
    [Fact]
    public async Task Append_WhenEveryAttemptLosesTheRace_Is503WithRetryAfterAndTheResendIsKeptOnce()
    {
        await using var host = await TestHost.StartAsync();
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client, "Jane Doe");
        await user.ConnectAsync();
        await user.WaitForTextAsync("Hi! I'm the assistant");

        var lost = await ForcedConflicts.LoseEveryUpdateAsync(host.Services, "DirectLineConversations");
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = "agent",
            ["from"] = new JsonObject { ["id"] = user.UserId, ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = "lost-every-race" },
        };
        using (var refused = await user.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/activities", activity))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            refused.Headers.RetryAfter.ShouldNotBeNull();
            refused.Headers.RetryAfter.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        }

        var (stored, _) = await user.GetActivitiesAsync();
        stored.Count(a => (string?)a["channelData"]?["clientActivityID"] == "lost-every-race").ShouldBe(0);

        // Web Chat sends it again once the storm has passed: stored once, and the bot acts on it.
        await lost.DisposeAsync();
        var id = await user.PostMessageAsync("agent", "lost-every-race");
        await user.WaitForTextAsync("number 1 in the queue");
        (stored, _) = await user.GetActivitiesAsync();
        stored.Count(a => (string?)a["channelData"]?["clientActivityID"] == "lost-every-race").ShouldBe(1);
        stored.Single(a => (string?)a["channelData"]?["clientActivityID"] == "lost-every-race")["id"]!.GetValue<string>().ShouldBe(id);
    }
}
