using Handoff.Infrastructure.Observability;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>
/// One Sqlite file (WAL) for the one server process: <c>ConnectionStrings:Handoff</c>, or <c>data/handoff.db</c> beside
/// the content root. Writers of this process queue at <see cref="SqliteWriteGate"/>.
/// </summary>
public sealed class SqlitePersistenceProvider(string connectionString) : IPersistenceProvider
{
    public const string ProviderName = "Sqlite";

    // Sqlite's extended result code family for constraint violations (UNIQUE, PRIMARY KEY...).
    private const int ConstraintViolation = 19;

    public string Name => ProviderName;

    public string ConnectionString { get; } = connectionString;

    public void ConfigureDbContext(DbContextOptionsBuilder options) =>
        options.UseSqlite(ConnectionString).AddInterceptors(new SqliteConnectionInterceptor(), new CommittedMeasurements.Interceptor(), SqlCommandCounter.Instance);

    // One process initializes its own file (and EF Core's migration lock covers a second process on the same file).
    public Task<IAsyncDisposable> LockInitializationAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    // WAL lets readers work while one writer commits; it is a property of the file, so set once here.
    public async Task PrepareAsync(DatabaseFacade database, CancellationToken cancellationToken) =>
        await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    public bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: ConstraintViolation };

    public IReadOnlyDictionary<string, string?> ReadSettingsOverrides()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (builder.DataSource != ":memory:" && !File.Exists(builder.DataSource))
        {
            return new Dictionary<string, string?>();
        }

        try
        {
            using var connection = new SqliteConnection(ConnectionString);
            return SettingsOverridesTable.Read(connection);
        }
        catch (SqliteException)
        {
            // First start: the table does not exist until the migrations have run, and there is nothing to override yet.
            return new Dictionary<string, string?>();
        }
    }

    /// <summary><c>ConnectionStrings:Handoff</c>, or a Sqlite file under <c>data/</c> beside the content root.</summary>
    public static string ResolveConnectionString(IConfiguration configuration, string contentRootPath)
    {
        var configured = configuration.GetConnectionString("Handoff");
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/handoff.db" : configured);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRootPath, builder.DataSource));
        }

        var directory = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
