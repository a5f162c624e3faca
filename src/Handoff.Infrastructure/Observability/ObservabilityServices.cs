using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Observability;

/// <summary>Registers the database-backed gauges and the readiness probe. The OpenTelemetry pipeline itself is the host's (Bot/Configuration/TelemetryConfiguration).</summary>
public static class ObservabilityServices
{
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName));
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName));
        services.AddSingleton<HandoffGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<HandoffGauges>());
        services.AddScoped<ReadinessProbe>();
        services.AddScoped<Application.Management.GetCharts.IDeliveryHistory, DeliveryHistory>();
        return services;
    }
}
