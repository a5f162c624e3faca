using Handoff.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Handoff.Infrastructure.Persistence.Postgres;

/// <summary>
/// One PostgreSQL database shared by any number of server instances (<c>Persistence:Provider</c> = <c>Postgres</c>,
/// <c>ConnectionStrings:Handoff</c> required). Writers are not queued (<see cref="ConcurrentWritersGate"/>).
/// </summary>
public sealed class PostgresPersistenceProvider(string connectionString) : IPersistenceProvider
{
    public const string ProviderName = "Postgres";

    public const string ConnectionStringKey = "ConnectionStrings:Handoff";

    // https://www.postgresql.org/docs/current/errcodes-appendix.html
    private const string UniqueViolation = "23505";
    private const string UndefinedTable = "42P01";

    // Any fixed number, the same in every instance: "Handoff" in ASCII.
    private const long InitializationLockKey = 0x48616E646F6666;

    // Exactly EF Core's own history table on PostgreSQL.
    private const string CreateMigrationsHistory = """
        CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
            "MigrationId" character varying(150) NOT NULL,
            "ProductVersion" character varying(32) NOT NULL,
            CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"))
        """;

    public string Name => ProviderName;

    public string ConnectionString { get; } = connectionString;

    public void ConfigureDbContext(DbContextOptionsBuilder options) =>
        options.UseNpgsql(ConnectionString).AddInterceptors(new CommittedMeasurements.Interceptor(), SqlCommandCounter.Instance);

    /// <summary>
    /// A session-level advisory lock on a connection of its own, held until disposed: instances starting at once on
    /// one database initialize it one at a time (EF Core's migration lock does not cover the seeding after it). Under
    /// the lock, the migrations history table is created if missing (see below).
    /// </summary>
    public async Task<IAsyncDisposable> LockInitializationAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock({InitializationLockKey})", connection))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            // EF Core reads the history table before creating it on an empty database and logs that failed read at error
            // level (npgsql/efcore.pg#3407): creating it first, as EF Core would, keeps a first start free of error lines.
            await using (var command = new NpgsqlCommand(CreateMigrationsHistory, connection))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new AdvisoryLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Nothing per database: PostgreSQL's defaults (MVCC, WAL, synchronous commit) are what Handoff wants.
    public Task PrepareAsync(DatabaseFacade database, CancellationToken cancellationToken) => Task.CompletedTask;

    public bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: UniqueViolation };

    /// <summary>
    /// Empty only when the table does not exist yet (first start, before the migrations). Any other failure, an
    /// unreachable server or a wrong password above all, is thrown: starting with the overrides silently missing
    /// would run the instance with settings the administrators changed (ADR-038).
    /// </summary>
    public IReadOnlyDictionary<string, string?> ReadSettingsOverrides()
    {
        try
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            return SettingsOverridesTable.Read(connection);
        }
        catch (PostgresException ex) when (ex.SqlState == UndefinedTable)
        {
            // First start: the table does not exist until the migrations have run, and there is nothing to override yet.
            return new Dictionary<string, string?>();
        }
    }

    /// <summary><c>ConnectionStrings:Handoff</c>; there is no sensible default server, so an empty value is an error.</summary>
    public static string ResolveConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Handoff");
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException($"{PersistenceServices.ProviderKey} is '{ProviderName}' but {ConnectionStringKey} is empty: set it to the PostgreSQL connection string (e.g. the environment variable ConnectionStrings__Handoff).");
        }

        return configured;
    }

    private sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Explicitly: a pooled connection keeps its session, and with it the lock, after Close.
                await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({InitializationLockKey})", connection);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
