using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.DirectLine;

namespace Handoff.Bot.FunctionalTests.Operations;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_MidBurst_LosesNothingAcknowledgedAndTheClientReconnects()
    {
        await using var telemetry = await TelemetryHost.StartAsync();
        var handoff = await ScriptedHandoff.LoginAndQueueAsync(telemetry.Host.Client);
        await handoff.ConnectAsync();
        var user = handoff.User;
        var agent = handoff.Agent;

        // The user sends a burst; the host is told to stop once the first few are acknowledged.
        var acknowledgedTexts = new List<string>();
        var someAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = Enumerable.Range(1, 40).Select(async i =>
        {
            var text = $"burst message {i:00}";
            if (await TryPostAsync(user, text, $"u-burst-{i}"))
            {
                lock (acknowledgedTexts)
                {
                    acknowledgedTexts.Add(text);
                    if (acknowledgedTexts.Count == 5)
                    {
                        someAcknowledged.TrySetResult();
                    }
                }
            }
        }).ToList();
        await someAcknowledged.Task.WaitAsync(DirectLineTestClient.Timeout, TestContext.Current.CancellationToken);
        await telemetry.Host.App.StopAsync(TestContext.Current.CancellationToken);
        await Task.WhenAll(burst);

        // The streams were closed by the server with 1001 Going Away, which DirectLineJS answers by reconnecting.
        await user.StreamEndedAsync();
        await agent.StreamEndedAsync();
        user.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        agent.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);

        await telemetry.RestartAsync();
        foreach (var client in new[] { user, agent })
        {
            client.Http = telemetry.Host.Client;
            await client.ConnectAsync(client.Watermark, reconnect: true);
        }

        // Every acknowledged message reaches the agent (delivered before the stop, or from the outbox after the restart).
        acknowledgedTexts.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var text in acknowledgedTexts)
        {
            await agent.WaitForTextAsync(text);
        }

        await agent.PostMessageAsync("still here?", "a-after");
        await user.WaitForTextAsync("still here?");
        await handoff.DisposeAsync();
    }

    /// <summary>Posts like Web Chat; false when the server did not acknowledge (refused, stopping, connection closed).</summary>
    private static async Task<bool> TryPostAsync(DirectLineTestClient client, string text, string clientActivityId)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JsonObject { ["id"] = client.UserId, ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
        };
        try
        {
            using var response = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities", activity);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
