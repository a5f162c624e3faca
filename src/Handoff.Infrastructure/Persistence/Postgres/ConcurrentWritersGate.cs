namespace Handoff.Infrastructure.Persistence.Postgres;

/// <summary>
/// PostgreSQL takes concurrent writers itself (row locks, optimistic concurrency on the version columns), and several
/// instances write to it at once anyway, so a process-local queue would only add waiting: every write goes through,
/// and every save commits on its own.
/// </summary>
public sealed class ConcurrentWritersGate : IDatabaseWriteGate
{
    private static readonly Task<IDisposable> s_turn = Task.FromResult<IDisposable>(new NoTurn());

    public Task<IDisposable> EnterAsync(CancellationToken cancellationToken) => s_turn;

    public async Task<int> SaveAsync(HandoffDbContext context, CancellationToken cancellationToken)
    {
        if (!context.HasEnlistedSteps || context.Database.CurrentTransaction is not null)
        {
            // EF Core's own transaction (one batched command), or the caller's.
            return await context.WriteAsync(cancellationToken);
        }

        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        // This transaction is ours and is rolled back whole on any failure: EF's own savepoint inside it would only
        // add two statements to the save (issue 11).
        context.Database.AutoSavepointsEnabled = false;
        try
        {
            var written = await context.WriteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            context.Database.AutoSavepointsEnabled = true;
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
