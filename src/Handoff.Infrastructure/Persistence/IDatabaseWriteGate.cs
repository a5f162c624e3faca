namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// Where a write waits for its turn, if the provider needs one. A seam because today's adapter
/// (<see cref="Sqlite.SqliteWriteGate"/>) queues the writers of this process only and commits queued saves together;
/// a provider with concurrent writers (PostgreSQL) registers one that lets every write through.
/// </summary>
public interface IDatabaseWriteGate
{
    /// <summary>Waits for an exclusive turn (a write that is not a save, e.g. a bulk update); disposing the result hands the turn on.</summary>
    Task<IDisposable> EnterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="context"/>'s save (<see cref="HandoffDbContext.WriteAsync"/>) in a transaction and
    /// returns once it committed. A provider may commit it together with other contexts' saves.
    /// </summary>
    Task<int> SaveAsync(HandoffDbContext context, CancellationToken cancellationToken);
}
