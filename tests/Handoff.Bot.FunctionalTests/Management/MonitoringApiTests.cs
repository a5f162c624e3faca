using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Management;

[Collection(ManagementCollection.Name)]
public sealed class MonitoringApiTests(ManagementHost host)
{
    [Fact]
    public async Task WaitingUser_ShowsInQueueConversationsAndStats_AndReadingTheTranscriptIsAudited()
    {
        // A host of its own: the shared one also serves tests that queue users and remap texts, so only here are the
        // figures exact.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        await using var own = new ManagementHost { Clock = clock };
        await own.InitializeAsync();
        var name = "Waiting " + Guid.NewGuid().ToString("N")[..6];
        var address = ManagementHost.NewUserAddress(out var user, name);
        await own.SayAsync(address, user, "I want an agent");
        await own.WaitForReplyAsync(address, "in the queue");
        await own.SayAsync(address, user, "my knee hurts");
        clock.Advance(TimeSpan.FromSeconds(90));

        var queue = (await own.GetJsonAsync("api/management/queue")).AsArray();
        var entry = queue.ShouldHaveSingleItem()!;
        var id = entry["id"]!.GetValue<string>();
        var waiting = await own.GetJsonAsync("api/management/conversations?state=Waiting&pageSize=200");
        var stats = await own.GetJsonAsync("api/management/stats");
        var conversation = await own.GetJsonAsync($"api/management/conversations/{id}");
        var reads = await own.GetJsonAsync($"api/management/audit?type=TranscriptRead&from={Uri.EscapeDataString(clock.GetUtcNow().AddMinutes(-5).ToString("O"))}");
        var requested = await own.GetJsonAsync("api/management/audit?type=HandoffRequested&pageSize=200");

        entry["userName"]!.GetValue<string>().ShouldBe(name);
        entry["position"]!.GetValue<int>().ShouldBe(1);
        entry["waitSeconds"]!.GetValue<double>().ShouldBe(90);
        entry["channelId"]!.GetValue<string>().ShouldBe("directline");
        waiting["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldBe([id]);
        waiting["items"]!.AsArray().ShouldAllBe(c => c!["state"]!.GetValue<string>() == "Waiting");
        stats["waiting"]!.GetValue<int>().ShouldBe(1);
        stats["connected"]!.GetValue<int>().ShouldBe(0);
        stats["lastHour"]!["handoffsConnected"]!.GetValue<int>().ShouldBe(0);
        stats["lastHour"]!["p90WaitSeconds"]!.GetValue<double>().ShouldBe(0, "nobody was connected yet, so no wait has ended");
        conversation["conversation"]!["state"]!.GetValue<string>().ShouldBe("Waiting");
        conversation["transcript"]!.AsArray().Select(t => t!["text"]!.GetValue<string>()).ShouldContain("my knee hurts");
        var read = reads["items"]!.AsArray().ShouldHaveSingleItem()!;
        read["conversationId"]!.GetValue<string>().ShouldBe(id);
        read["actor"]!.GetValue<string>().ShouldStartWith("api-key:");
        requested["items"]!.AsArray().Select(r => r!["conversationId"]!.GetValue<string>()).ShouldBe([id]);
    }

    [Fact]
    public async Task Monitoring_WithBadQueryOrUnknownId_Is400PerFieldOr404()
    {
        using var badState = await host.Api.GetAsync("api/management/conversations?state=Sleeping&page=0", TestContext.Current.CancellationToken);
        using var badAudit = await host.Api.GetAsync("api/management/audit?from=yesterday&type=Nope&pageSize=1000", TestContext.Current.CancellationToken);
        using var unknown = await host.Api.GetAsync($"api/management/conversations/{Guid.NewGuid()}", TestContext.Current.CancellationToken);
        using var empty = await host.Api.GetAsync($"api/management/conversations/{Guid.Empty}", TestContext.Current.CancellationToken);

        badState.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ManagementHost.ReadAsync(badState))["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["page", "state"]);
        badAudit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ManagementHost.ReadAsync(badAudit))["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["from", "pageSize", "type"]);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        empty.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
