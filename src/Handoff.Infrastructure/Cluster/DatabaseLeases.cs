using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// <see cref="ILeases"/> over table <c>Leases</c>, on every provider. Each call is ONE statement, so it is atomic
/// without a transaction: PostgreSQL's <c>INSERT … ON CONFLICT DO UPDATE … WHERE</c> locks the conflicting row and
/// re-reads it before deciding, so of two instances racing for a free or expired lease exactly one gets it (Sqlite,
/// one writer at a time, is trivially so). The SQL is the common dialect of both (quoted names, <c>excluded</c>,
/// integer UTC ticks as every <see cref="DateTimeOffset"/> of the model is stored).
/// </summary>
public sealed class DatabaseLeases(IServiceScopeFactory scopes, IDatabaseWriteGate writeGate, TimeProvider clock) : ILeases
{
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expires = (now + duration).UtcTicks;
        var nowTicks = now.UtcTicks;
        var changed = await ExecuteAsync(
            db => db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "Leases" ("Name", "Holder", "ExpiresAt") VALUES ({name}, {holder}, {expires})
                ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
                WHERE "Leases"."Holder" = excluded."Holder" OR "Leases"."ExpiresAt" <= {nowTicks}
                """,
                cancellationToken),
            cancellationToken);
        return changed == 1;
    }

    public async Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var expires = (clock.GetUtcNow() + duration).UtcTicks;
        var changed = await ExecuteAsync(
            db => db.Database.ExecuteSqlAsync(
                $"""UPDATE "Leases" SET "ExpiresAt" = {expires} WHERE "Name" = {name} AND "Holder" = {holder}""",
                cancellationToken),
            cancellationToken);
        return changed == 1;
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            db => db.Database.ExecuteSqlAsync($"""DELETE FROM "Leases" WHERE "Name" = {name} AND "Holder" = {holder}""", cancellationToken),
            cancellationToken);

    public async Task<IReadOnlyList<string>> HeldAsync(string prefix, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        return await db.Leases.AsNoTracking()
            .Where(l => l.Name.StartsWith(prefix) && l.ExpiresAt > now)
            .Select(l => l.Name)
            .ToListAsync(cancellationToken);
    }

    private async Task<int> ExecuteAsync(Func<HandoffDbContext, Task<int>> statement, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();

        // A write like any other: on Sqlite it waits for this process's one writer turn instead of for the file lock.
        using var turn = await writeGate.EnterAsync(cancellationToken);
        return await statement(db);
    }
}
