using System.Collections.Concurrent;
using Handoff.Infrastructure.Cluster;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// <see cref="IStreamWakeUps"/> for several server instances: the streams of this instance are the local
/// <see cref="DirectLineStreamHub"/>'s, and every <see cref="Notify"/> and <see cref="Push"/> is also announced through
/// <see cref="IChangeNotifications"/> so that the other instances wake or push to theirs. A client whose WebSocket is on
/// instance A thus hears promptly of what instance B appended; what it receives, and in which order, is still read from
/// the shared log by its stream, so a lost or an extra wake-up cannot lose, duplicate or reorder anything. When the
/// notifications may have missed something (the carrier reconnected: a null payload), every local stream is woken.
/// <para>
/// A notification names the instance that sent it, so the sender (which already woke its own streams, at once) skips
/// its own copy. This adapter keeps, per conversation with an open local stream, a count (for the resync); the last
/// stream to close removes it.
/// </para>
/// </summary>
public sealed class ClusterStreamWakeUps : IStreamWakeUps, IDisposable
{
    private readonly DirectLineStreamHub _hub;
    private readonly IChangeNotifications _notifications;
    private readonly string _instanceId = Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentDictionary<string, int> _openStreams = new(StringComparer.Ordinal);
    private readonly IDisposable[] _subscriptions;

    public ClusterStreamWakeUps(DirectLineStreamHub hub, IChangeNotifications notifications)
    {
        _hub = hub;
        _notifications = notifications;
        _subscriptions =
        [
            notifications.Subscribe(ChangeTopics.DirectLineWakeUps, OnWakeUp),
            notifications.Subscribe(ChangeTopics.DirectLinePushes, OnPush),
        ];
    }

    /// <summary>The largest pushed activity carried to other instances; a bigger one reaches this instance's streams only.</summary>
    public const int MaxCarriedPushChars = 6000;

    public IStreamWakeUpSubscription Subscribe(string conversationId) => Track(conversationId, _hub.Subscribe(conversationId))!;

    public IStreamWakeUpSubscription? TrySubscribe(string conversationId, int maxStreams) =>
        Track(conversationId, _hub.TrySubscribe(conversationId, maxStreams));

    public void Notify(string conversationId)
    {
        _hub.Notify(conversationId);
        _notifications.Publish(ChangeTopics.DirectLineWakeUps, $"{_instanceId}\n{conversationId}");
    }

    public int Push(string conversationId, string activityJson)
    {
        var taken = _hub.Push(conversationId, activityJson);
        if (activityJson.Length <= MaxCarriedPushChars)
        {
            _notifications.Publish(ChangeTopics.DirectLinePushes, $"{_instanceId}\n{conversationId}\n{activityJson}");
        }

        // Streams on other instances are not counted: a push is best-effort and the caller only logs the figure.
        return taken;
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void OnWakeUp(string? payload)
    {
        if (payload is null)
        {
            WakeEveryLocalStream();
            return;
        }

        var separator = payload.IndexOf('\n', StringComparison.Ordinal);
        if (separator > 0 && !IsMine(payload, separator))
        {
            _hub.Notify(payload[(separator + 1)..]);
        }
    }

    private void OnPush(string? payload)
    {
        if (payload is null)
        {
            // Typing indicators that were missed are stale by now; nothing to catch up.
            return;
        }

        var first = payload.IndexOf('\n', StringComparison.Ordinal);
        var second = first > 0 ? payload.IndexOf('\n', first + 1) : -1;
        if (second > first + 1 && !IsMine(payload, first))
        {
            _hub.Push(payload[(first + 1)..second], payload[(second + 1)..]);
        }
    }

    private bool IsMine(string payload, int separator) =>
        payload.AsSpan(0, separator).SequenceEqual(_instanceId);

    private void WakeEveryLocalStream()
    {
        foreach (var conversationId in _openStreams.Keys)
        {
            _hub.Notify(conversationId);
        }
    }

    private TrackedSubscription? Track(string conversationId, IStreamWakeUpSubscription? inner)
    {
        if (inner is null)
        {
            return null;
        }

        _openStreams.AddOrUpdate(conversationId, 1, (_, count) => count + 1);
        return new TrackedSubscription(this, conversationId, inner);
    }

    private void Untrack(string conversationId)
    {
        while (_openStreams.TryGetValue(conversationId, out var count))
        {
            if (count <= 1
                ? _openStreams.TryRemove(KeyValuePair.Create(conversationId, count))
                : _openStreams.TryUpdate(conversationId, count - 1, count))
            {
                return;
            }
        }
    }

    private sealed class TrackedSubscription(ClusterStreamWakeUps owner, string conversationId, IStreamWakeUpSubscription inner) : IStreamWakeUpSubscription
    {
        private int _disposed;

        public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => inner.WaitAsync(cancellationToken);

        public ValueTask<string> ReadPushedAsync(CancellationToken cancellationToken) => inner.ReadPushedAsync(cancellationToken);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                inner.Dispose();
                owner.Untrack(conversationId);
            }
        }
    }
}
