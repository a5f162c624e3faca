namespace Handoff.Infrastructure.Persistence.Postgres;

/// <summary>
/// PostgreSQL takes concurrent writers itself (row locks, optimistic concurrency on the version columns), and several
/// instances write to it at once anyway, so a process-local queue would only add waiting: every save goes through.
/// </summary>
public sealed class ConcurrentWritersGate : IDatabaseWriteGate
{
    private static readonly Task<IDisposable> s_turn = Task.FromResult<IDisposable>(new NoTurn());

    public Task<IDisposable> EnterAsync(CancellationToken cancellationToken) => s_turn;

    private sealed class NoTurn : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
