using Handoff.Application.Common.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Handoff.Bot.Configuration;

/// <summary>The <c>Metrics:Prometheus</c> configuration section.</summary>
public sealed class PrometheusSettings
{
    public const string SectionName = "Metrics:Prometheus";

    /// <summary>Serve the Prometheus text exposition at <c>/metrics</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>When set, <c>/metrics</c> is served on this port only (an extra listener), never on the public one.</summary>
    public int? Port { get; set; }

    /// <summary>The interface of the metrics listener: <c>*</c> (all, for a scraper in the cluster) or e.g. <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "*";
}

/// <summary>
/// OpenTelemetry for the host: the product's meter and trace source plus ASP.NET Core's, HttpClient's and the
/// runtime's; OTLP export when the standard <c>OTEL_EXPORTER_OTLP_*</c> variables name an endpoint; the Prometheus
/// scrape endpoint when enabled; and log scopes that carry the trace and span ids.
/// </summary>
public static class TelemetryConfiguration
{
    public const string ScrapePath = "/metrics";

    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder AddHandoffTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        // "Request starting ..." logs the whole URL, and a Direct Line stream URL carries its token (?t=, the protocol's
        // choice): that category stays at Warning whatever the configured level, so no token reaches the logs.
        builder.Logging.AddFilter(RequestLogCategory, LogLevel.Warning);

        var prometheus = Prometheus(builder.Configuration);
        if (prometheus is { Enabled: true, Port: { } port })
        {
            // An extra listener beside the configured ones (Urls / ASPNETCORE_URLS / the tests' loopback port).
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            var metricsUrl = $"http://{prometheus.Host}:{port}";
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.IsNullOrEmpty(urls) ? $"http://localhost:5000;{metricsUrl}" : $"{urls};{metricsUrl}");
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "handoff", serviceVersion: typeof(TelemetryConfiguration).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HandoffTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(HandoffTelemetry.Name)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (HasOtlpEndpoint(builder.Configuration))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS, ... (and their per-signal forms) itself.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps <c>/metrics</c> when enabled: on the metrics port only when one is configured.</summary>
    public static WebApplication UseHandoffTelemetry(this WebApplication app)
    {
        var prometheus = Prometheus(app.Configuration);
        if (!prometheus.Enabled)
        {
            return app;
        }

        if (prometheus.Port is { } port)
        {
            // By the port the connection arrived on, not the Host header (which any client can set).
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Connection.LocalPort == port && context.Request.Path == ScrapePath);
            app.UseWhen(context => context.Connection.LocalPort == port, metricsPort => metricsPort.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        }
        else
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == ScrapePath);
        }

        return app;
    }

    private static PrometheusSettings Prometheus(IConfiguration configuration) =>
        configuration.GetSection(PrometheusSettings.SectionName).Get<PrometheusSettings>() ?? new PrometheusSettings();

    private static bool HasOtlpEndpoint(IConfiguration configuration) =>
        new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT" }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(ScrapePath, StringComparison.OrdinalIgnoreCase);
}
