using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Postgres;
using Handoff.TestSupport.Postgres;

namespace Handoff.TestSupport;

/// <summary>
/// Which database the suites run on, read in this one place: <c>HANDOFF_TEST_DATABASE</c> = <c>Sqlite</c> (the
/// default: a file in each host's content root) or <c>Postgres</c> (a fresh database per host on the test process's
/// throwaway server, <see cref="PostgresServer.SharedAsync"/>). <see cref="TestHost"/> and <see cref="HandoffHarness"/>
/// take their database from here, so one test runs on either provider unchanged. Tests that are about Sqlite by
/// nature carry <c>[Trait("Database", "Sqlite")]</c> and are left out of the PostgreSQL pass.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "HANDOFF_TEST_DATABASE";

    /// <summary>The trait that keeps a test out of the PostgreSQL pass (<c>--filter-not-trait "Database=Sqlite"</c>).</summary>
    public const string Trait = "Database";

    public static bool IsPostgres { get; } = (Environment.GetEnvironmentVariable(Variable)?.Trim() ?? string.Empty) switch
    {
        "" => false,
        var name when name.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => false,
        var name when name.Equals("Postgres", StringComparison.OrdinalIgnoreCase) => true,
        var name => throw new InvalidOperationException($"{Variable} '{name}' is neither 'Sqlite' nor 'Postgres'."),
    };

    /// <summary>
    /// The database for one host: on Sqlite nothing (the host keeps its file under its content root, and null is
    /// returned); on PostgreSQL a fresh database whose settings are added to <paramref name="settings"/>, unless the
    /// test chose a provider itself. Dispose the result when the host is gone for good.
    /// </summary>
    public static async Task<PostgresDatabase?> ProvideAsync(IDictionary<string, string?> settings)
    {
        if (!IsPostgres || settings.ContainsKey(PersistenceServices.ProviderKey))
        {
            return null;
        }

        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync();
        settings[PersistenceServices.ProviderKey] = PostgresPersistenceProvider.ProviderName;
        settings["ConnectionStrings:Handoff"] = database.ConnectionString;
        return database;
    }
}
