using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// What differs between database providers, in one place: each provider lives in its own folder
/// (<c>Persistence/Sqlite</c>, <c>Persistence/Postgres</c>) with its connection set-up, migrations and the
/// adapters below, and is chosen by <c>Persistence:Provider</c> (<see cref="PersistenceServices"/>). The model, the
/// repositories and the outbox are the same for every provider.
/// </summary>
public interface IPersistenceProvider
{
    /// <summary>The value of <c>Persistence:Provider</c> that selects this provider.</summary>
    string Name { get; }

    /// <summary>Connects the context to this provider's database: connection string, per-connection settings, migrations.</summary>
    void ConfigureDbContext(DbContextOptionsBuilder options);

    /// <summary>
    /// Held while one instance applies the migrations and seeds the database, so instances starting at once on one
    /// database do it one after the other (the later ones find nothing left to do). Disposing releases it.
    /// </summary>
    Task<IAsyncDisposable> LockInitializationAsync(CancellationToken cancellationToken);

    /// <summary>Run once after the migrations: settings that belong to the database rather than to a connection.</summary>
    Task PrepareAsync(DatabaseFacade database, CancellationToken cancellationToken);

    /// <summary>Whether a failed save means a concurrent writer inserted the same unique key first.</summary>
    bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// The settings administrators saved (table <c>SettingsOverrides</c>), read without the context: configuration is
    /// built before it exists. Empty while the database or the table does not exist yet (first start).
    /// </summary>
    IReadOnlyDictionary<string, string?> ReadSettingsOverrides();
}
