using System.Net;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Settings;
using Handoff.Bot.Configuration;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Handoff.TestSupport.Postgres;

namespace Handoff.Bot.FunctionalTests.Operations;

/// <summary>
/// PostgreSQL goes away while Handoff runs and comes back on the same port: meanwhile <c>/health</c> is unhealthy and
/// requests are 503 with <c>Retry-After</c> (never 500), the background loops say so once each rather than every tick,
/// and the instance serves again by itself, without a restart.
/// </summary>
public sealed class DatabaseLossTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DirectLinePost_WhileTheDatabaseIsDown_Is503WithRetryAfterAndWorksOnceItIsBack()
    {
        await using var server = await PostgresServer.StartNewAsync(Ct);
        await using var database = await server.CreateDatabaseAsync(Ct);
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings[PersistenceServices.ProviderKey] = "Postgres";
            options.Settings[DatabaseStartup.ConnectionStringKey] = database.ConnectionString;
        });
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client, "Jane Doe");
        await user.ConnectAsync();
        await user.PostMessageAsync("is anyone there", "before-the-outage");
        await user.WaitForTextAsync(Words.Default(nameof(HandoffMessages.Fallback)));

        // Nothing is left to deliver: what is logged from here on is the outage.
        var before = host.Logs.Lines.Count;
        await server.StopAsync(Ct);
        using (var refused = await user.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/activities", Message(user, "agent", "during-the-outage")))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync(Ct));
            refused.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(int.Parse(ProblemDetailsExceptionHandler.DatabaseRetryAfterSeconds, System.Globalization.CultureInfo.InvariantCulture)));
        }

        using (var health = await host.Client.GetAsync("health", Ct))
        {
            health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }

        await server.StartAsync(Ct);
        await user.ConnectAsync(user.Watermark, reconnect: true);
        await user.PostMessageAsync("agent", "during-the-outage");
        await user.WaitForTextAsync(Words.Start(nameof(HandoffMessages.Waiting)));
        using (var health = await host.Client.GetAsync("health", Ct))
        {
            health.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // The Direct Line sequence race (23505, retried) is issue 10's own item, not the outage's.
        var errors = host.Logs.Lines.Skip(before).Where(l => l.StartsWith("Error ", StringComparison.Ordinal) && !l.Contains("23505", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', errors.Select(e => e.Split('\n')[0])));
        errors.Where(l => !l.Contains("cannot reach the database", StringComparison.Ordinal)).Select(l => l.Split('\n')[0]).ShouldBeEmpty();
        errors.GroupBy(l => l.Split(':')[0]).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {g.Count()}").ShouldBeEmpty();
    }

    private static JsonObject Message(DirectLineTestClient user, string text, string clientActivityId) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = new JsonObject { ["id"] = user.UserId, ["role"] = "user" },
        ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
    };
}
