using Handoff.Application.Common.Settings;
using System.Diagnostics;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Infrastructure.Observability;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Handoff.Bot.FunctionalTests.Operations;

/// <summary>
/// The telemetry tests read the process-wide meter and trace source, so they run alone (not beside other hosts that
/// would record into the same instruments).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>A product host whose metrics and spans go to in-memory exporters (besides whatever the product configures).</summary>
public sealed class TelemetryHost : IAsyncDisposable
{
    public const string AgentKey = "test-agent-key";

    private TelemetryHost(TestHost host, List<MetricSnapshot> metrics, List<Activity> spans)
    {
        Host = host;
        Metrics = metrics;
        Spans = spans;
    }

    public TestHost Host { get; private set; }

    public List<MetricSnapshot> Metrics { get; }

    /// <summary>Finished spans of this host and of the hosts it was restarted from.</summary>
    public List<Activity> Spans { get; }

    public static async Task<TelemetryHost> StartAsync(Action<TestHostOptions>? configure = null)
    {
        List<MetricSnapshot> metrics = [];
        List<Activity> spans = [];
        var host = await TestHost.StartAsync(options =>
        {
            options.Settings["DirectLine:KeepAliveInterval"] = "00:00:00.200";
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "1000";
            options.Settings["DirectLine:RequestsPerMinute"] = "10000";
            options.Settings["AgentWebChat:AccessKeys:0"] = AgentKey;
            options.Services.Add(services => services
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics))
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
            configure?.Invoke(options);
        });
        return new TelemetryHost(host, metrics, spans);
    }

    public async Task RestartAsync()
    {
        // The provider exports what is still buffered when it is disposed with the old host.
        Host = await Host.RestartAsync();
    }

    /// <summary>Reads the database gauges now and exports every instrument; answers the newest snapshot of each.</summary>
    public async Task<Dictionary<string, MetricSnapshot>> CollectAsync()
    {
        await Host.Services.GetRequiredService<HandoffGauges>().SampleAsync(TestContext.Current.CancellationToken);
        // Not asserted: a pull exporter (Prometheus) answers false outside a scrape; the in-memory one still collects.
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (Metrics)
        {
            return Metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        }
    }

    public void FlushSpans() => Host.Services.GetRequiredService<TracerProvider>().ForceFlush().ShouldBeTrue();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Reading values out of exported metric points.</summary>
public static class MetricSnapshots
{
    public static IEnumerable<MetricPoint> Points(this MetricSnapshot metric) => metric.MetricPoints;

    public static string? Tag(this MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    public static long Gauge(this Dictionary<string, MetricSnapshot> metrics, string name, string? tagKey = null, string? tagValue = null) =>
        metrics[name].Points().Single(p => tagKey is null || p.Tag(tagKey) == tagValue) is var point && metrics[name].MetricType == MetricType.LongGauge
            ? point.GetGaugeLastValueLong()
            : (long)point.GetGaugeLastValueDouble();

    public static long Sum(this Dictionary<string, MetricSnapshot> metrics, string name, string? tagKey = null, string? tagValue = null) =>
        metrics.TryGetValue(name, out var metric)
            ? metric.Points().Where(p => tagKey is null || p.Tag(tagKey) == tagValue).Sum(p => p.GetSumLong())
            : 0;

    public static long HistogramCount(this Dictionary<string, MetricSnapshot> metrics, string name, string? tagKey = null, string? tagValue = null) =>
        metrics.TryGetValue(name, out var metric)
            ? metric.Points().Where(p => tagKey is null || p.Tag(tagKey) == tagValue).Sum(p => p.GetHistogramCount())
            : 0;
}

/// <summary>The Direct Line handoff every telemetry test plays: an agent logs in, a user asks, the agent connects.</summary>
public sealed class ScriptedHandoff : IAsyncDisposable
{
    private ScriptedHandoff(DirectLineTestClient agent, DirectLineTestClient user)
    {
        Agent = agent;
        User = user;
    }

    public DirectLineTestClient Agent { get; }

    public DirectLineTestClient User { get; }

    public static async Task<ScriptedHandoff> LoginAndQueueAsync(HttpClient http)
    {
        var agent = await DirectLineTestClient.StartAgentAsync(http, "Alice Agent", TelemetryHost.AgentKey);
        await agent.ConnectAsync();
        await agent.WaitForTextAsync("type *login*");
        await agent.PostMessageAsync("login", "a-login");
        await agent.WaitForTextAsync("signed in as an agent");

        var user = await DirectLineTestClient.StartUserAsync(http, "Jane Doe");
        await user.ConnectAsync();
        await user.PostMessageAsync("agent", "u-agent");
        await user.WaitForTextAsync("number 1 in the queue");
        await agent.WaitForTextAsync(Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")));
        return new ScriptedHandoff(agent, user);
    }

    public async Task ConnectAsync()
    {
        await Agent.PostMessageAsync("connect", "a-connect");
        await User.WaitForTextAsync("Alice Agent");
    }

    public async ValueTask DisposeAsync()
    {
        await User.DisposeAsync();
        await Agent.DisposeAsync();
    }
}
