namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Sqlite has one writer at a time. Writers that collide inside Sqlite back off by sleeping (up to 100 ms a try),
/// which at a few dozen concurrent requests turns into half-second waits; queueing them here instead hands the write
/// lock over at once, in arrival order. Reads are not gated. Process-local (the single-process adapter of
/// <see cref="IDatabaseWriteGate"/>): several server processes still meet at Sqlite's busy timeout.
/// </summary>
public sealed class SqliteWriteGate : IDatabaseWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
