using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Wakes the open streams of a conversation when its log grows. It carries no activities: each stream reads what is
/// new from the log after its own watermark, so a wake-up that races a replay can neither lose nor duplicate anything.
/// In-process only (the single-process adapter of <see cref="IStreamWakeUps"/>): with several server instances a
/// stream is woken only by writes on its own instance.
/// </summary>
public sealed class DirectLineStreamHub : IStreamWakeUps
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscriptions = new(StringComparer.Ordinal);

    public IStreamWakeUpSubscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        _subscriptions.GetOrAdd(conversationId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Notify(string conversationId)
    {
        if (_subscriptions.TryGetValue(conversationId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Wake();
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        if (_subscriptions.TryGetValue(subscription.ConversationId, out var subscribers))
        {
            subscribers.TryRemove(subscription, out _);
        }
    }

    private sealed class Subscription(DirectLineStreamHub hub, string conversationId) : IStreamWakeUpSubscription
    {
        private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public string ConversationId { get; } = conversationId;

        public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _signal.Reader.ReadAsync(cancellationToken);

        internal void Wake() => _signal.Writer.TryWrite(true);

        public void Dispose() => hub.Remove(this);
    }
}
