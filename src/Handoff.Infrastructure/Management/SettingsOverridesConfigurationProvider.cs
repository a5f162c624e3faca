using Handoff.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// The settings administrators saved (table <c>SettingsOverrides</c>) as a configuration source. Added last, it
/// overrides the configuration files and the environment; reloading it after a save notifies every
/// <c>IOptionsMonitor</c>, so changes take effect without a restart.
/// </summary>
public sealed class SettingsOverridesConfigurationProvider(IPersistenceProvider database) : ConfigurationProvider
{
    /// <summary>The keys that currently override the configuration.</summary>
    public IReadOnlyCollection<string> Keys => [.. Data.Keys];

    public override void Load() =>
        Data = new Dictionary<string, string?>(database.ReadSettingsOverrides(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the table again and tells every configuration consumer.</summary>
    public void Reload()
    {
        Load();
        OnReload();
    }

    /// <summary>Reads the table again and tells the configuration consumers only when something differs (the periodic safety net).</summary>
    public bool ReloadIfChanged()
    {
        var current = database.ReadSettingsOverrides();
        if (current.Count == Data.Count && current.All(c => Data.TryGetValue(c.Key, out var value) && value == c.Value))
        {
            return false;
        }

        Data = new Dictionary<string, string?>(current, StringComparer.OrdinalIgnoreCase);
        OnReload();
        return true;
    }
}

/// <summary>Builds the one <see cref="SettingsOverridesConfigurationProvider"/>.</summary>
public sealed class SettingsOverridesConfigurationSource(SettingsOverridesConfigurationProvider provider) : IConfigurationSource
{
    public SettingsOverridesConfigurationProvider Provider { get; } = provider;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}
