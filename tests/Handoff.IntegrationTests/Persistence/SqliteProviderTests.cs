using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Sqlite;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>The Sqlite provider behind the persistence seam: the committed migration, the file's settings, the provider chosen by default.</summary>
[Trait(TestDatabase.Trait, "Sqlite")]
public sealed class SqliteProviderTests
{
    [Fact]
    public async Task TheDatabase_HasEveryCommittedMigrationFromInitial_InWalMode_AndTheModelMatchesIt()
    {
        await using var harness = await HandoffHarness.StartAsync();

        harness.Services.GetRequiredService<IPersistenceProvider>().ShouldBeOfType<SqlitePersistenceProvider>();
        var applied = await harness.ReadAsync(db => db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        var committed = await harness.ReadAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        applied.ShouldBe(committed);
        applied.First().ShouldBe("20261127104859_Initial");
        (await harness.ReadAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()))).ShouldBeFalse();
        var journal = await harness.ReadAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(TestContext.Current.CancellationToken));
        journal.ShouldBe(["wal"]);
    }
}
