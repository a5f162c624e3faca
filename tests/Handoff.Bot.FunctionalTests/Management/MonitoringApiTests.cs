using System.Net;
using System.Text.Json.Nodes;

namespace Handoff.Bot.FunctionalTests.Management;

[Collection(ManagementCollection.Name)]
public sealed class MonitoringApiTests(ManagementHost host)
{
    [Fact]
    public async Task WaitingUser_ShowsInQueueConversationsAndStats_AndReadingTheTranscriptIsAudited()
    {
        var name = "Waiting " + Guid.NewGuid().ToString("N")[..6];
        var address = ManagementHost.NewUserAddress(out var user, name);
        await host.SayAsync(address, user, "I want an agent");
        await host.WaitForReplyAsync(address, "in the queue");
        await host.SayAsync(address, user, "my knee hurts");

        var queue = (await host.GetJsonAsync("api/management/queue")).AsArray();
        var entry = queue.Single(q => q!["userName"]!.GetValue<string>() == name)!;
        var id = entry["id"]!.GetValue<string>();
        var waiting = await host.GetJsonAsync("api/management/conversations?state=Waiting&pageSize=200");
        var stats = await host.GetJsonAsync("api/management/stats");
        var conversation = await host.GetJsonAsync($"api/management/conversations/{id}");
        var reads = await host.GetJsonAsync($"api/management/audit?type=TranscriptRead&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}");
        var requested = await host.GetJsonAsync("api/management/audit?type=HandoffRequested&pageSize=200");

        entry["position"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        entry["waitSeconds"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        entry["channelId"]!.GetValue<string>().ShouldBe("directline");
        waiting["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldContain(id);
        waiting["items"]!.AsArray().ShouldAllBe(c => c!["state"]!.GetValue<string>() == "Waiting");
        stats["waiting"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        stats["lastHour"]!["p90WaitSeconds"].ShouldNotBeNull();
        conversation["conversation"]!["state"]!.GetValue<string>().ShouldBe("Waiting");
        conversation["transcript"]!.AsArray().Select(t => t!["text"]!.GetValue<string>()).ShouldContain("my knee hurts");
        var read = reads["items"]!.AsArray().Single(r => r!["conversationId"]!.GetValue<string>() == id)!;
        read["actor"]!.GetValue<string>().ShouldStartWith("api-key:");
        requested["items"]!.AsArray().ShouldContain(r => r!["conversationId"]!.GetValue<string>() == id);
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
