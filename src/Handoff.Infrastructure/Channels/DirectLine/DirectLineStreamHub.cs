namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Wakes the open streams of a conversation when its log grows, and hands them the few activities that are not stored
/// (typing indicators, <see cref="Push"/>). A wake-up carries no activities: each stream reads what is
/// new from the log after its own watermark, so a wake-up that races a replay can neither lose nor duplicate anything.
/// A conversation has an entry only while one of its streams is open (the last one to close removes it), so memory
/// follows the open sockets, not every conversation that ever had one. In-process only (the single-process adapter of
/// <see cref="IStreamWakeUps"/>): with several server instances a stream is woken only by writes on its own instance.
/// </summary>
public sealed class DirectLineStreamHub : IStreamWakeUps
{
    // One lock: subscribing and the last unsubscribe of a conversation must not race (a stream could otherwise join an
    // entry that is being removed, and never be woken). Both are rare next to the log reads they guard.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<Subscription>> _subscriptions = new(StringComparer.Ordinal);

    /// <summary>How many conversations have an open stream (what the hub holds memory for).</summary>
    public int ConversationCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public IStreamWakeUpSubscription Subscribe(string conversationId) =>
        TrySubscribe(conversationId, int.MaxValue) ?? throw new InvalidOperationException("Unbounded subscriptions cannot be refused.");

    public IStreamWakeUpSubscription? TrySubscribe(string conversationId, int maxStreams)
    {
        lock (_gate)
        {
            if (maxStreams < 1 || (_subscriptions.TryGetValue(conversationId, out var subscribers) && subscribers.Count >= maxStreams))
            {
                return null;
            }

            if (subscribers is null)
            {
                subscribers = [];
                _subscriptions[conversationId] = subscribers;
            }

            var subscription = new Subscription(this, conversationId);
            subscribers.Add(subscription);
            return subscription;
        }
    }

    public void Notify(string conversationId)
    {
        Subscription[] woken;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(conversationId, out var subscribers))
            {
                return;
            }

            woken = [.. subscribers];
        }

        foreach (var subscriber in woken)
        {
            subscriber.Wake();
        }
    }

    public int Push(string conversationId, string activityJson)
    {
        Subscription[] open;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(conversationId, out var subscribers))
            {
                return 0;
            }

            open = [.. subscribers];
        }

        foreach (var subscriber in open)
        {
            subscriber.Push(activityJson);
        }

        return open.Length;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.ConversationId, out var subscribers)
                && subscribers.Remove(subscription) && subscribers.Count == 0)
            {
                _subscriptions.Remove(subscription.ConversationId);
            }
        }
    }

    /// <summary>
    /// One stream's signal and its few pushed activities, with one lock and nothing allocated while idle but the waiting
    /// task itself: an idle socket should cost little more than the socket (issue 11). Wake-ups that arrive while the
    /// stream is busy collapse into one; pushed activities beyond the latest few are dropped, oldest first.
    /// </summary>
    private sealed class Subscription(DirectLineStreamHub hub, string conversationId) : IStreamWakeUpSubscription
    {
        private const int MaxPushed = 4;

        private readonly Lock _lock = new();
        private bool _woken;
        private TaskCompletionSource<bool>? _wakeWaiter;
        private Queue<string>? _pushed;
        private TaskCompletionSource<string>? _pushWaiter;

        public string ConversationId { get; } = conversationId;

        public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_woken)
                {
                    _woken = false;
                    return ValueTask.FromResult(true);
                }

                _wakeWaiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                return new ValueTask<bool>(Cancellable(_wakeWaiter, cancellationToken));
            }
        }

        public ValueTask<string> ReadPushedAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_pushed is { Count: > 0 })
                {
                    return ValueTask.FromResult(_pushed.Dequeue());
                }

                _pushWaiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                return new ValueTask<string>(Cancellable(_pushWaiter, cancellationToken));
            }
        }

        internal void Wake()
        {
            TaskCompletionSource<bool>? waiter;
            lock (_lock)
            {
                waiter = _wakeWaiter;
                _wakeWaiter = null;
                _woken = waiter is null || !waiter.TrySetResult(true);
            }
        }

        internal void Push(string activityJson)
        {
            lock (_lock)
            {
                if (_pushWaiter is { } waiter)
                {
                    _pushWaiter = null;
                    if (waiter.TrySetResult(activityJson))
                    {
                        return;
                    }
                }

                _pushed ??= new Queue<string>(MaxPushed);
                if (_pushed.Count == MaxPushed)
                {
                    _pushed.Dequeue();
                }

                _pushed.Enqueue(activityJson);
            }
        }

        public void Dispose() => hub.Remove(this);

        private static async Task<T> Cancellable<T>(TaskCompletionSource<T> waiter, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return await waiter.Task;
            }

            await using (cancellationToken.Register(static state => ((TaskCompletionSource<T>)state!).TrySetCanceled(), waiter))
            {
                return await waiter.Task;
            }
        }
    }
}
