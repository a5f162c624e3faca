namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// Where a save waits for its turn to write, if the provider needs one. A seam because today's adapter
/// (<see cref="Sqlite.SqliteWriteGate"/>) queues the writers of this process only; a provider with concurrent writers
/// (PostgreSQL) registers one that lets every save through.
/// </summary>
public interface IDatabaseWriteGate
{
    /// <summary>Waits for this save's turn; disposing the result hands the turn on.</summary>
    Task<IDisposable> EnterAsync(CancellationToken cancellationToken);
}
