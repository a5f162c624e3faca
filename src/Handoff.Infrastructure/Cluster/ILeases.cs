namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// Named, expiring leases in the shared database: the one way instances on one database agree that only one of them
/// does something (delivers a conversation's outbox, runs a scan this period). A lease held by an instance that died is
/// free again once it has expired. Expiry is read on each caller's <see cref="TimeProvider"/>: the instances' clocks
/// must agree to well within a lease's duration (NTP does). See ADR-039.
/// </summary>
public interface ILeases
{
    /// <summary>
    /// Takes <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="duration"/> when it is
    /// free, expired or already <paramref name="holder"/>'s (then it is extended); false when someone else holds it.
    /// </summary>
    Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="holder"/>'s lease to now + <paramref name="duration"/>; false when it is no longer theirs (it was taken over).</summary>
    Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up, if <paramref name="holder"/> still holds it, so another instance need not wait for it to expire.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>The names starting with <paramref name="prefix"/> whose lease has not expired, whoever holds them.</summary>
    Task<IReadOnlyList<string>> HeldAsync(string prefix, CancellationToken cancellationToken);
}
