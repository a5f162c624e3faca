namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// A duty that one instance among those sharing the database does each period (the timeout scan, the membership
/// re-check): before each pass an instance takes the duty's lease for two periods. The instance that holds it extends it
/// at every pass and so keeps the duty while it lives; the others are refused until it has missed two periods (it died
/// or stopped), then one of them takes over. With one process the lease is always its own. See ADR-039.
/// </summary>
public sealed class OncePerPeriod(ILeases leases, ClusterInstance instance)
{
    /// <summary>Whether this instance does <paramref name="duty"/> this period.</summary>
    public Task<bool> IsMineAsync(string duty, TimeSpan period, CancellationToken cancellationToken) =>
        leases.TryAcquireAsync(duty, instance.Id, period * 2, cancellationToken);

    /// <summary>At shutdown: hands the duty on now rather than after two periods. Never throws (the lease expires anyway).</summary>
    public async Task StepDownAsync(string duty)
    {
        try
        {
            await leases.ReleaseAsync(duty, instance.Id, CancellationToken.None);
        }
        catch (Exception)
        {
            // The database is gone or the host is tearing down: the lease runs out by itself.
        }
    }
}
