using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Postgres;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Handoff.TestSupport.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>
/// The PostgreSQL provider behind the persistence seam, on a throwaway server: its own committed migrations, several
/// instances migrating one empty database at once, the settings read before the context exists, and the real pipeline.
/// </summary>
public sealed class PostgresProviderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDatabase_OnPostgres_HasEveryCommittedPostgresMigrationAndTheModelMatchesIt()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        await using var harness = await HandoffHarness.StartAsync(OnPostgres(database));

        harness.Services.GetRequiredService<IPersistenceProvider>().ShouldBeOfType<PostgresPersistenceProvider>();
        (await harness.ReadAsync(db => Task.FromResult(db.GetType()))).ShouldBe(typeof(PostgresHandoffDbContext));
        var applied = await harness.ReadAsync(db => db.Database.GetAppliedMigrationsAsync(Cancellation));
        var committed = await harness.ReadAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        applied.ShouldBe(committed);
        applied.First().ShouldEndWith("_InitialPostgres");
        (await harness.ReadAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()))).ShouldBeFalse();
    }

    [Fact]
    public async Task ThreeInstances_StartingAtOnceOnOneEmptyDatabase_AllStartAndTheSchemaIsMigratedOnce()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);

        var harnesses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => HandoffHarness.StartAsync(OnPostgres(database)))));
        try
        {
            var applied = await harnesses[0].ReadAsync(db => db.Database.GetAppliedMigrationsAsync(Cancellation));
            applied.ShouldBe(await harnesses[0].ReadAsync(db => Task.FromResult(db.Database.GetMigrations().ToList())));
            var models = await harnesses[0].ReadAsync(db => db.LanguageModels.Where(m => m.SeedKey != null).Select(m => m.SeedKey).ToListAsync(Cancellation));
            models.ShouldBeUnique();
            models.ShouldNotBeEmpty();
        }
        finally
        {
            foreach (var harness in harnesses)
            {
                await harness.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TwentyAgents_PressConnectOnTheSameUserAtOnceOnPostgres_ExactlyOneWins()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        await using var harness = await HandoffHarness.StartAsync(OnPostgres(database, People.Settings()));
        var people = new People(harness);
        for (var i = 1; i <= 20; i++)
        {
            await people.WebAgent($"agent{i:00}", "login");
        }

        await people.User("jane", "agent");
        var jane = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "Jane Doe", Cancellation));
        var agents = await harness.ReadAsync(db => db.Agents.ToListAsync(Cancellation));
        await harness.DeliverAsync();

        var results = await Task.WhenAll(agents.Select(a => Task.Run(() => harness.SendAsync(new AcceptHandoffCommand(a.Id, jane.Id.ToString())))));

        results.Count(r => r.IsSuccess).ShouldBe(1);
        var winner = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == jane.Id, Cancellation));
        winner.State.ShouldBe(ConversationState.Connected);
        results.Where(r => r.IsFailure).ShouldAllBe(r => r.Error == ConversationErrors.AlreadyTaken("Jane Doe", winner.AgentName!));
        var busy = (await harness.ReadAsync(db => db.Agents.ToListAsync(Cancellation))).Where(a => a.ConnectedConversations.Count > 0).ToList();
        busy.Single().Id.ShouldBe(winner.AgentId!.Value);
    }

    [Fact]
    public async Task ReadSettingsOverrides_BeforeTheFirstMigration_IsEmpty()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);

        new PostgresPersistenceProvider(database.ConnectionString).ReadSettingsOverrides().ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadSettingsOverrides_WithAWrongPassword_ThrowsRatherThanStartingWithoutThem()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        var wrong = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password" }.ConnectionString;

        var thrown = Should.Throw<PostgresException>(() => new PostgresPersistenceProvider(wrong).ReadSettingsOverrides());

        thrown.SqlState.ShouldBe("28P01");
    }

    [Fact]
    public void AddPersistence_WithPostgresAndNoConnectionString_NamesTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PersistenceServices.ProviderKey] = "postgres" }).Build();

        var thrown = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddPersistence(configuration, Path.GetTempPath()));

        thrown.Message.ShouldContain("ConnectionStrings:Handoff");
    }

    [Fact]
    public void AddPersistence_WithAnUnknownProvider_NamesBothKnownProviders()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PersistenceServices.ProviderKey] = "Oracle" }).Build();

        var thrown = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddPersistence(configuration, Path.GetTempPath()));

        thrown.Message.ShouldContain("'Sqlite'");
        thrown.Message.ShouldContain("'Postgres'");
    }

    private static Dictionary<string, string?> OnPostgres(PostgresDatabase database, Dictionary<string, string?>? settings = null)
    {
        var all = settings ?? [];
        all[PersistenceServices.ProviderKey] = PostgresPersistenceProvider.ProviderName;
        all["ConnectionStrings:Handoff"] = database.ConnectionString;
        return all;
    }
}
