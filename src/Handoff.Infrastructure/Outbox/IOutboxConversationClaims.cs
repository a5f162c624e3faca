namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Who is delivering which conversation right now: the unit that keeps one conversation's messages in order while
/// other conversations are delivered side by side. A claim has an expiry so that, with several instances sharing one
/// database (a lease row per conversation), a claim held by an instance that died is taken over once it has expired.
/// See ADR-017.
/// </summary>
public interface IOutboxConversationClaims
{
    /// <summary>Claims <paramref name="orderingKey"/> until <paramref name="expiresAt"/>; false when someone else holds it.</summary>
    bool TryClaim(string orderingKey, DateTimeOffset expiresAt);

    void Release(string orderingKey);

    /// <summary>The conversations claimed now (so a pick can skip them).</summary>
    IReadOnlyCollection<string> Claimed { get; }
}

/// <summary>
/// Claims for one process (Sqlite is single-process): a set in memory. A claim here ends only when its holder releases
/// it — the holder's every send is bounded by the per-send timeout, so it always does — because letting it expire
/// while the holder still runs would put two deliveries of one conversation in flight.
/// </summary>
internal sealed class InProcessOutboxConversationClaims : IOutboxConversationClaims
{
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyCollection<string> Claimed
    {
        get
        {
            lock (_lock)
            {
                return [.. _claimed];
            }
        }
    }

    public bool TryClaim(string orderingKey, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            return _claimed.Add(orderingKey);
        }
    }

    public void Release(string orderingKey)
    {
        lock (_lock)
        {
            _claimed.Remove(orderingKey);
        }
    }
}
