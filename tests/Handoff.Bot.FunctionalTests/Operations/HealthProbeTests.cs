using System.Net;
using System.Text.Json;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Operations;

[Collection(TelemetryCollection.Name)]
public sealed class HealthProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait(TestDatabase.Trait, "Sqlite")] // removes the Sqlite file; the PostgreSQL case stops the server (issue 10)
    public async Task Readiness_WhenTheDatabaseGoesAwayAndComesBack_TurnsUnhealthyThenHealthy()
    {
        await using var host = await TestHost.StartAsync();
        (await ProbeAsync(host, "health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        var database = Path.Combine(host.ContentRoot, "data", "handoff.db");
        SqliteConnection.ClearAllPools();
        var files = new[] { database, database + "-wal", database + "-shm" }.Where(TryMoveAway).ToList();
        Directory.CreateDirectory(database); // what was the database file cannot be opened as one

        var away = await ProbeAsync(host, "health/ready");
        away.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        away.Body.GetProperty("checks").GetProperty("database").GetString().ShouldBe("unreachable");
        (await ProbeAsync(host, "health/live")).Status.ShouldBe(HttpStatusCode.OK, "liveness does not depend on the database");
        (await ProbeAsync(host, "health")).Status.ShouldBe(HttpStatusCode.ServiceUnavailable);

        Directory.Delete(database);
        files.ForEach(file => File.Move(file + ".away", file));
        SqliteConnection.ClearAllPools();

        var back = await ProbeAsync(host, "health/ready");
        back.Status.ShouldBe(HttpStatusCode.OK);
        back.Body.GetProperty("checks").GetProperty("migrations").GetString().ShouldBe("ok");
        back.Body.GetProperty("checks").GetProperty("outbox").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task Readiness_WhenTheOldestUndeliveredMessageIsTooOld_TurnsUnhealthy()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telemetry = await TelemetryHost.StartAsync(options =>
        {
            options.Settings["Health:OutboxStalledAfter"] = "00:05:00";
            options.Services.Add(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(OutboxDispatcherService)));
            });
        });
        var host = telemetry.Host;
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client, "Jane Doe"); // its greeting waits in the outbox

        (await ProbeAsync(host, "health/ready")).Status.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(6));
        var metrics = await telemetry.CollectAsync();
        metrics.Gauge("handoff.outbox.depth").ShouldBe(1);
        metrics.Gauge("handoff.outbox.oldest.age").ShouldBe(360);

        var stalled = await ProbeAsync(host, "health/ready");
        stalled.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        stalled.Body.GetProperty("checks").GetProperty("outbox").GetString()!.ShouldStartWith("stalled");
        (await ProbeAsync(host, "health")).Status.ShouldBe(HttpStatusCode.OK, "/health keeps its database-only answer");
    }

    /// <summary>The write-ahead files come and go with the connections; move the ones that are there.</summary>
    private static bool TryMoveAway(string file)
    {
        try
        {
            File.Move(file, file + ".away");
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ProbeAsync(TestHost host, string path)
    {
        using var response = await host.Client.GetAsync(path, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, body.RootElement.Clone());
    }
}
