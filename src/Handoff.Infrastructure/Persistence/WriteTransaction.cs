using Microsoft.EntityFrameworkCore.Storage;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// A transaction that holds the database's write turn from before its BEGIN to after its end
/// (<see cref="HandoffDbContext.BeginWriteTransactionAsync"/>). The turn comes first because Sqlite's BEGIN IMMEDIATE
/// takes the file's write lock: a transaction that took the lock and then waited for the turn would wait for a writer
/// that waits for the lock, and both would stall until Sqlite's busy timeout failed one of them (ADR-047).
/// </summary>
internal sealed class WriteTransaction(IDisposable turn, IDbContextTransaction transaction) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public Task RollbackAsync(CancellationToken cancellationToken) => transaction.RollbackAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            turn.Dispose();
        }
    }
}
