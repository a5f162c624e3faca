using System.Data.Common;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// Reads table <c>SettingsOverrides</c> with plain ADO.NET, for every provider: configuration is built before the
/// DbContext exists. Each provider opens its own connection and decides which failures mean "not created yet".
/// </summary>
internal static class SettingsOverridesTable
{
    private const string Query = "SELECT \"Key\", \"Value\" FROM \"SettingsOverrides\"";

    public static Dictionary<string, string?> Read(DbConnection connection)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Query;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            data[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return data;
    }
}
