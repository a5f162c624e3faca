using System.Net;
using System.Net.Http.Json;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>Hosts of their own: a restart on the same files, and rate limits small enough to reach.</summary>
public sealed class DirectLineDurabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_OnTheSameDatabase_ClientReconnectsAndGetsWhatItMissed()
    {
        var host = await TestHost.StartAsync();
        try
        {
            // Nothing configured: an agent key and a token signing key are generated under data/, owner-only.
            var generatedKey = host.Services.GetRequiredService<AgentAccessKeys>().GeneratedKey;
            generatedKey.ShouldNotBeNullOrEmpty();
            (await host.Client.PostAsJsonAsync("/api/agent/token", new { name = "Alice", key = generatedKey }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            // On Sqlite the keys are files under data/, owner-only; on PostgreSQL they are rows shared by every instance
            // (SharedSecretsTests), and there are no such files.
            foreach (var file in TestDatabase.IsPostgres ? [] : new[] { AgentAccessKeys.FileName, DirectLineTokenService.KeyFileName })
            {
                var path = Path.Combine(host.ContentRoot, "data", file);
                File.Exists(path).ShouldBeTrue();
                if (!OperatingSystem.IsWindows())
                {
                    File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            if (!TestDatabase.IsPostgres)
            {
                File.ReadAllText(Path.Combine(host.ContentRoot, "data", AgentAccessKeys.FileName)).ShouldNotContain(generatedKey);
            }

            await using var user = await DirectLineTestClient.StartUserAsync(host.Client, "Jane Doe");
            await user.ConnectAsync();
            await user.WaitForTextAsync("Hi! I'm the assistant");
            var watermark = user.Watermark!;
            await user.DisconnectAsync();
            var missed = await user.PostMessageAsync("agent", "before-restart");

            host = await host.RestartAsync();

            // Same token (the generated signing key is kept under data/), new server, same log.
            user.Http = host.Client;
            user.ClearReceived();
            await user.ConnectAsync(watermark, reconnect: true);
            var echo = await user.WaitForAsync(a => (string?)a["channelData"]?["clientActivityID"] == "before-restart");
            ((string)echo["id"]!).ShouldBe(missed);
            await user.WaitForTextAsync("number 1 in the queue");
            user.Received.ShouldNotContain(a => ((string?)a["text"]) != null && ((string)a["text"]!).StartsWith("Hi! I'm the assistant", StringComparison.Ordinal));

            // The generated agent key is shown once only, and still works after the restart.
            host.Services.GetRequiredService<AgentAccessKeys>().GeneratedKey.ShouldBeNull();
            (await host.Client.PostAsJsonAsync("/api/agent/token", new { name = "Alice", key = generatedKey }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task RateLimits_PerTokenAndPerClientForTokenRequests_Answer429()
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["DirectLine:RequestsPerMinute"] = "5";
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "4";
        });

        await using var user = await DirectLineTestClient.StartUserAsync(host.Client);
        await using var other = await DirectLineTestClient.StartUserAsync(host.Client);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await user.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities");
            statuses.Add(response.StatusCode);
        }

        // The start used one request of this token's five.
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(4);
        statuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);

        // Another token is its own partition: the other user (same client address) is still served, the first is not.
        using (var otherRead = await other.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{other.ConversationId}/activities"))
        {
            otherRead.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var stillLimited = await user.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{user.ConversationId}/activities"))
        {
            stillLimited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }

        // Token requests from this address: two used above, two more allowed, then 429.
        (await host.Client.PostAsJsonAsync("/api/webchat/token", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Client.PostAsJsonAsync("/api/agent/token", new { name = "x", key = "wrong" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client.PostAsJsonAsync("/api/agent/token", new { name = "x", key = "wrong" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
