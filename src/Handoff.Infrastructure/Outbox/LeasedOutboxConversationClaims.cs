using System.Collections.Concurrent;
using Handoff.Infrastructure.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Claims for instances sharing one database: a lease <c>outbox:&lt;ordering key&gt;</c> per conversation
/// (<see cref="ILeases"/>), held for <see cref="OutboxOptions.ClaimLease"/> and renewed every third of it while the
/// conversation is being delivered, released when its turn ends. An instance that dies stops renewing: its
/// conversations are free again, and picked by another instance, once their leases expire. A holder that cannot renew
/// in time (the database unreachable, the process stalled) gives the claim up (<see cref="IOutboxClaim.Lost"/>) before
/// anyone else may take it. See ADR-039.
/// </summary>
public sealed class LeasedOutboxConversationClaims(
    ILeases leases,
    ClusterInstance instance,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<LeasedOutboxConversationClaims> logger) : IOutboxConversationClaims
{
    public const string LeasePrefix = "outbox:";

    // This instance's claims: a second turn of a conversation here must not "acquire" the lease it already holds.
    private readonly ConcurrentDictionary<string, byte> _mine = new(StringComparer.Ordinal);

    private TimeSpan Duration => options.Value.ClaimLease;

    public async Task<IOutboxClaim?> TryClaimAsync(string orderingKey, CancellationToken cancellationToken)
    {
        if (!_mine.TryAdd(orderingKey, 0))
        {
            return null;
        }

        try
        {
            if (await leases.TryAcquireAsync(LeasePrefix + orderingKey, instance.Id, Duration, cancellationToken))
            {
                return new LeaseClaim(leases, instance.Id, orderingKey, Duration, clock, logger, () => _mine.TryRemove(orderingKey, out _));
            }
        }
        catch
        {
            _mine.TryRemove(orderingKey, out _);
            throw;
        }

        _mine.TryRemove(orderingKey, out _);
        return null;
    }

    public async Task<IReadOnlyCollection<string>> ClaimedAsync(CancellationToken cancellationToken)
    {
        var held = await leases.HeldAsync(LeasePrefix, cancellationToken);
        var claimed = new HashSet<string>(_mine.Keys, StringComparer.Ordinal);
        claimed.UnionWith(held.Select(name => name[LeasePrefix.Length..]));
        return claimed;
    }

    /// <summary>A held lease and the loop that renews it until the claim is disposed.</summary>
    private sealed class LeaseClaim : IOutboxClaim
    {
        private readonly ILeases _leases;
        private readonly string _holder;
        private readonly string _orderingKey;
        private readonly TimeSpan _duration;
        private readonly TimeProvider _clock;
        private readonly ILogger _logger;
        private readonly Action _forget;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _released = new();
        private readonly Task _renewing;
        private int _disposed;

        public LeaseClaim(ILeases leases, string holder, string orderingKey, TimeSpan duration, TimeProvider clock, ILogger logger, Action forget)
        {
            (_leases, _holder, _orderingKey, _duration, _clock, _logger, _forget) = (leases, holder, orderingKey, duration, clock, logger, forget);
            // Called, not Task.Run: the method runs synchronously up to its first delay, so the lease's expiry is
            // reckoned from now and the renewal timer exists before the claim is handed out (not whenever a pool
            // thread gets to it, after the clock may already have moved).
            _renewing = RenewUntilReleasedAsync();
        }

        public CancellationToken Lost => _lost.Token;

        private string Name => LeasePrefix + _orderingKey;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            await _released.CancelAsync();
            await _renewing;
            try
            {
                await _leases.ReleaseAsync(Name, _holder, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The lease expires by itself; until then nobody else delivers this conversation.
                _logger.LogWarning(ex, "Releasing the outbox lease of {OrderingKey} failed; it expires by itself.", _orderingKey);
            }
            finally
            {
                _forget();
                _lost.Dispose();
                _released.Dispose();
            }
        }

        private async Task RenewUntilReleasedAsync()
        {
            var every = _duration / 3;
            var heldUntil = _clock.GetUtcNow() + _duration;
            while (true)
            {
                try
                {
                    await Task.Delay(every, _clock, _released.Token);
                    if (!await _leases.RenewAsync(Name, _holder, _duration, _released.Token))
                    {
                        _logger.LogWarning("The outbox lease of {OrderingKey} was taken over by another instance; this one stops delivering it.", _orderingKey);
                        await _lost.CancelAsync();
                        return;
                    }

                    heldUntil = _clock.GetUtcNow() + _duration;
                }
                catch (OperationCanceledException) when (_released.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Keep trying while the lease still holds; stop delivering before it can expire under us.
                    if (_clock.GetUtcNow() + every >= heldUntil)
                    {
                        _logger.LogWarning(ex, "The outbox lease of {OrderingKey} could not be renewed before it expires; this instance stops delivering it.", _orderingKey);
                        await _lost.CancelAsync();
                        return;
                    }

                    _logger.LogInformation(ex, "Renewing the outbox lease of {OrderingKey} failed; trying again.", _orderingKey);
                }
            }
        }
    }
}
