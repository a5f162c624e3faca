using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// The settings administrators saved (table <c>SettingsOverrides</c>) as a configuration source. Added last, it
/// overrides the configuration files and the environment; reloading it after a save notifies every
/// <c>IOptionsMonitor</c>, so changes take effect without a restart.
/// </summary>
public sealed class SettingsOverridesConfigurationProvider(string connectionString) : ConfigurationProvider
{
    // Read with plain ADO.NET: configuration is built before the DbContext exists.
    private const string Query = "SELECT \"Key\", \"Value\" FROM \"SettingsOverrides\"";

    /// <summary>The keys that currently override the configuration.</summary>
    public IReadOnlyCollection<string> Keys => [.. Data.Keys];

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource == ":memory:" || File.Exists(builder.DataSource))
        {
            try
            {
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = Query;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    data[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
                }
            }
            catch (SqliteException)
            {
                // First start: the table does not exist until the migrations have run, and there is nothing to override yet.
            }
        }

        Data = data;
    }

    /// <summary>Reads the table again and tells every configuration consumer.</summary>
    public void Reload()
    {
        Load();
        OnReload();
    }
}

/// <summary>Builds the one <see cref="SettingsOverridesConfigurationProvider"/>.</summary>
public sealed class SettingsOverridesConfigurationSource(SettingsOverridesConfigurationProvider provider) : IConfigurationSource
{
    public SettingsOverridesConfigurationProvider Provider { get; } = provider;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}
