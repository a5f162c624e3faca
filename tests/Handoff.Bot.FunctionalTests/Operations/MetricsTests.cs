using System.Net;
using System.Net.Sockets;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Observability;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Operations;

[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScriptedHandoff_MovesEveryInstrument()
    {
        await using var telemetry = await TelemetryHost.StartAsync();
        await using var handoff = await ScriptedHandoff.LoginAndQueueAsync(telemetry.Host.Client);

        var waiting = await telemetry.CollectAsync();
        waiting.Gauge("handoff.queue.length").ShouldBe(1);
        waiting.Gauge("handoff.conversations.live").ShouldBe(0);
        waiting.Gauge("handoff.agents", "handoff.agent.status", "available").ShouldBe(1);
        waiting.Gauge("handoff.agents", "handoff.agent.status", "away").ShouldBe(0);
        waiting.Sum("handoff.directline.websockets.open").ShouldBe(2);
        waiting.HistogramCount("handoff.queue.wait.duration").ShouldBe(0);
        waiting.HistogramCount("handoff.relay.duration", HandoffTelemetry.ChannelAttribute, "directline").ShouldBeGreaterThan(0);

        await handoff.ConnectAsync();
        await handoff.User.PostMessageAsync("my knee hurts", "u-relay");
        await handoff.Agent.WaitForTextAsync("my knee hurts");

        var connected = await telemetry.CollectAsync();
        connected.Gauge("handoff.queue.length").ShouldBe(0);
        connected.Gauge("handoff.conversations.live").ShouldBe(1);
        connected.HistogramCount("handoff.queue.wait.duration").ShouldBe(1);
        connected.Sum("handoff.handoffs.ended").ShouldBe(0);

        await handoff.Agent.PostMessageAsync("disconnect", "a-disconnect");
        await handoff.User.WaitForTextAsync("back with the assistant");
        await handoff.User.DisconnectAsync();

        var ended = await telemetry.CollectAsync();
        ended.Gauge("handoff.conversations.live").ShouldBe(0);
        ended.Sum("handoff.handoffs.ended", HandoffTelemetry.EndReasonAttribute, "agent_disconnected").ShouldBe(1);
        ended.Sum("handoff.directline.websockets.open").ShouldBe(1);
        ended.Sum("handoff.outbox.deliveries.retried").ShouldBe(0);
        ended.Sum("handoff.outbox.deliveries.dead_lettered").ShouldBe(0);

        // ASP.NET Core's own meter is exported too, under its semantic-convention name.
        ended.ShouldContainKey("http.server.request.duration");
    }

    [Fact]
    public async Task RetriesAndDeadLetters_AreCountedByChannelAndStatus()
    {
        var channel = new RecordingChannelSender();
        await using var telemetry = await TelemetryHost.StartAsync(options =>
        {
            options.Settings["Outbox:MaxAttempts"] = "2";
            options.Settings["Outbox:FirstRetryDelay"] = "00:00:00.001";
            options.Services.Add(services => services.ReplaceChannelSender(channel, DirectLineActivities.ChannelId));
        });
        // The greeting fails twice and is dead-lettered; the next message of the conversation is delivered after it.
        await using var user = await DirectLineTestClient.StartUserAsync(telemetry.Host.Client, "Jane Doe", conversationId => channel.Script(
            conversationId,
            DeliveryResult.Transient("503 from the test"),
            DeliveryResult.Transient("503 from the test")));
        await user.PostMessageAsync("agent", "u-agent");
        await channel.WaitForAsync(_ => true);

        var metrics = await telemetry.CollectAsync();
        metrics.Sum("handoff.outbox.deliveries.retried", HandoffTelemetry.DeliveryStatusAttribute, "transient").ShouldBe(1);
        metrics.Sum("handoff.outbox.deliveries.dead_lettered", HandoffTelemetry.ChannelAttribute, "directline").ShouldBe(1);
        metrics.Sum("handoff.outbox.deliveries.dead_lettered", HandoffTelemetry.DeliveryStatusAttribute, "transient").ShouldBe(1);
    }

    [Fact]
    public async Task Prometheus_WhenNoPortIsSet_ServesTheTextExpositionOnThePublicPort()
    {
        await using var telemetry = await TelemetryHost.StartAsync(options => options.Settings["Metrics:Prometheus:Enabled"] = "true");
        await using var handoff = await ScriptedHandoff.LoginAndQueueAsync(telemetry.Host.Client);
        await telemetry.CollectAsync();

        using var response = await telemetry.Host.Client.GetAsync("/metrics", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync(Ct);
        text.ShouldContain("# TYPE handoff_queue_length gauge");
        text.ShouldContain("handoff_queue_length{");
        text.ShouldContain("handoff_agents{");
        text.ShouldContain("handoff_outbox_depth");
        text.ShouldContain("handoff_outbox_oldest_age_seconds");
        text.ShouldContain("handoff_relay_duration_seconds_bucket{");
        text.ShouldContain("handoff_directline_websockets_open");
        text.ShouldContain("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task ScrapeEndpoint_WithAMetricsPort_IsAbsentFromThePublicPort()
    {
        var port = FreeLoopbackPort();
        await using var telemetry = await TelemetryHost.StartAsync(options =>
        {
            options.Settings["Metrics:Prometheus:Enabled"] = "true";
            options.Settings["Metrics:Prometheus:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            options.Settings["Metrics:Prometheus:Host"] = "127.0.0.1";
        });
        using var metricsPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var scraped = await metricsPort.GetAsync("/metrics", Ct);
        using var onPublic = await telemetry.Host.Client.GetAsync("/metrics", Ct);
        using var appOnMetricsPort = await metricsPort.GetAsync("/health", Ct);

        scraped.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scraped.Content.ReadAsStringAsync(Ct)).ShouldContain("handoff_queue_length");
        onPublic.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        appOnMetricsPort.StatusCode.ShouldBe(HttpStatusCode.NotFound, "the metrics port serves nothing but /metrics");
        telemetry.Host.BaseAddress.Port.ShouldNotBe(port);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
