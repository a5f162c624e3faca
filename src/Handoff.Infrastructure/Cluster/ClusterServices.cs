using Handoff.Infrastructure.Cluster.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Cluster;

/// <summary>The adapters through which the instances of one PostgreSQL database follow each other's changes.</summary>
public static class ClusterServices
{
    /// <summary>
    /// On PostgreSQL (any number of instances): change notifications over <c>LISTEN/NOTIFY</c> replace the in-process
    /// ones, and each instance follows the settings overrides from its start. The channels' own parts (Direct Line
    /// wake-ups: <c>DirectLineServices.AddDirectLineWakeUpsAcrossInstances</c>) are registered beside this call, in
    /// <c>DependencyInjection.AddInfrastructure</c>, the one place that names channels.
    /// </summary>
    public static IServiceCollection AddPostgresClusterServices(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var options = new ClusterOptions();
        configuration.GetSection(ClusterOptions.SectionName).Bind(options);
        if (options.SettingsRefreshSeconds < 1)
        {
            throw new InvalidOperationException($"{ClusterOptions.SectionName}:{nameof(ClusterOptions.SettingsRefreshSeconds)} must be at least 1 (it is {options.SettingsRefreshSeconds}).");
        }

        services.AddSingleton(options);
        services.RemoveAll<IChangeNotifications>();
        services.AddSingleton(sp => new PostgresChangeNotifications(
            connectionString, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresChangeNotifications>>()));
        services.AddSingleton<IChangeNotifications>(sp => sp.GetRequiredService<PostgresChangeNotifications>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeNotifications>());

        services.AddHostedService<SettingsOverridesFollower>();
        return services;
    }
}
