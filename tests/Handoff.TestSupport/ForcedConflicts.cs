using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.TestSupport;

/// <summary>
/// Makes every concurrency race on one table lost, on either provider: a BEFORE UPDATE trigger makes each update of
/// the table affect no row, so each optimistic update fails its version check exactly as when another writer won.
/// </summary>
public static class ForcedConflicts
{
    private const string Trigger = "lose_every_update";

    /// <summary>From now on every update of <paramref name="table"/> loses; disposing the result ends that.</summary>
    public static async Task<IAsyncDisposable> LoseEveryUpdateAsync(IServiceProvider services, string table)
    {
        var postgres = services.GetRequiredService<IPersistenceProvider>().Name == PostgresPersistenceProvider.ProviderName;
        await ExecuteAsync(services, postgres
            ? $"""
                CREATE OR REPLACE FUNCTION {Trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                CREATE TRIGGER {Trigger} BEFORE UPDATE ON "{table}" FOR EACH ROW EXECUTE FUNCTION {Trigger}();
                """
            : $"CREATE TRIGGER {Trigger} BEFORE UPDATE ON \"{table}\" BEGIN SELECT RAISE(IGNORE); END;");
        return new Lost(services, postgres ? $"DROP TRIGGER {Trigger} ON \"{table}\";" : $"DROP TRIGGER {Trigger};");
    }

    private static async Task ExecuteAsync(IServiceProvider services, string sql)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private sealed class Lost(IServiceProvider services, string drop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ExecuteAsync(services, drop);
    }
}
