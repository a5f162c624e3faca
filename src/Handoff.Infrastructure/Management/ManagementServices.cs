using Handoff.Application.Management;
using Handoff.Infrastructure.Cluster;
using Handoff.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Management;

/// <summary>Registers the management read side, the settings store and its configuration source, and the API keys.</summary>
public static class ManagementServices
{
    public static IServiceCollection AddManagementInfrastructure(this IServiceCollection services, IConfiguration configuration, IPersistenceProvider database)
    {
        services.AddScoped<IManagementQueries, ManagementQueries>();
        services.AddScoped<ISettingsStore, DatabaseSettingsStore>();
        var overrides = AddOverridesSource(configuration, database);
        services.AddSingleton(sp => new SettingsOverrides(overrides, sp.GetRequiredService<IChangeNotifications>()));
        return services;
    }

    /// <summary>
    /// Adds the database overrides as the last configuration source, so they win over files and environment. Only a
    /// host's configuration manager can take a source; elsewhere (the integration harness) overrides are not read.
    /// </summary>
    private static SettingsOverridesConfigurationProvider? AddOverridesSource(IConfiguration configuration, IPersistenceProvider database)
    {
        if (configuration is not IConfigurationManager manager)
        {
            return null;
        }

        var existing = manager.Sources.OfType<SettingsOverridesConfigurationSource>().FirstOrDefault();
        if (existing is not null)
        {
            return existing.Provider;
        }

        var provider = new SettingsOverridesConfigurationProvider(database);
        manager.Add(new SettingsOverridesConfigurationSource(provider));
        return provider;
    }
}
