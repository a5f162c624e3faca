namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Who is delivering which conversation right now: the unit that keeps one conversation's messages in order while
/// other conversations are delivered side by side. One process (Sqlite) keeps the claims in memory
/// (<see cref="InProcessOutboxConversationClaims"/>); instances sharing a database hold a lease per conversation
/// (<see cref="LeasedOutboxConversationClaims"/>), so a claim held by an instance that died is taken over once its lease
/// has expired. See ADR-017 and ADR-039.
/// </summary>
public interface IOutboxConversationClaims
{
    /// <summary>Claims <paramref name="orderingKey"/> for this instance; null when it is claimed already (here or by another instance).</summary>
    Task<IOutboxClaim?> TryClaimAsync(string orderingKey, CancellationToken cancellationToken);

    /// <summary>The conversations claimed now, by anyone (so a pick can skip them).</summary>
    Task<IReadOnlyCollection<string>> ClaimedAsync(CancellationToken cancellationToken);
}

/// <summary>One held claim; disposing it releases the conversation.</summary>
public interface IOutboxClaim : IAsyncDisposable
{
    /// <summary>
    /// Cancelled when the claim could not be kept (its lease was taken over, or could not be renewed before it
    /// expired): the holder stops delivering, because another instance may now deliver the same conversation.
    /// </summary>
    CancellationToken Lost { get; }
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

    public Task<IReadOnlyCollection<string>> ClaimedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyCollection<string>>([.. _claimed]);
        }
    }

    public Task<IOutboxClaim?> TryClaimAsync(string orderingKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IOutboxClaim?>(_claimed.Add(orderingKey) ? new Claim(this, orderingKey) : null);
        }
    }

    private void Release(string orderingKey)
    {
        lock (_lock)
        {
            _claimed.Remove(orderingKey);
        }
    }

    private sealed class Claim(InProcessOutboxConversationClaims owner, string orderingKey) : IOutboxClaim
    {
        private int _released;

        // Nobody else can take a claim of this process away.
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(orderingKey);
            }

            return ValueTask.CompletedTask;
        }
    }
}
