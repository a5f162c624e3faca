using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Postgres;
using Handoff.TestSupport;
using Handoff.TestSupport.Postgres;

namespace Handoff.Bot.FunctionalTests.Scaling;

/// <summary>
/// The in-process harness on either provider, for the tests that must hold on both (one parameterised fixture):
/// <c>Sqlite</c> on a temporary file, <c>Postgres</c> on a fresh database of the throwaway server (skipped, with pg's
/// reason, where the PostgreSQL binaries are missing).
/// </summary>
internal sealed class OnProvider : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    private readonly PostgresDatabase? _database;

    private OnProvider(HandoffHarness harness, PostgresDatabase? database)
    {
        Harness = harness;
        _database = database;
    }

    public HandoffHarness Harness { get; }

    public static async Task<OnProvider> StartAsync(string provider, Dictionary<string, string?>? settings = null)
    {
        var all = settings ?? [];
        if (provider == Sqlite)
        {
            // Named explicitly, so that the suite's PostgreSQL pass (TestDatabase) does not move this case to Postgres.
            all[PersistenceServices.ProviderKey] = Sqlite;
            return new OnProvider(await HandoffHarness.StartAsync(all), null);
        }

        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        all[PersistenceServices.ProviderKey] = PostgresPersistenceProvider.ProviderName;
        all["ConnectionStrings:Handoff"] = database.ConnectionString;
        try
        {
            return new OnProvider(await HandoffHarness.StartAsync(all), database);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
