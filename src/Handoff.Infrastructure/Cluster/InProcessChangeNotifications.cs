namespace Handoff.Infrastructure.Cluster;

/// <summary>The single-process adapter of <see cref="IChangeNotifications"/>: handlers of this process, called at once.</summary>
public sealed class InProcessChangeNotifications : IChangeNotifications
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Action<string?>>> _handlers = new(StringComparer.Ordinal);

    public void Publish(string topic, string? payload = null)
    {
        Action<string?>[] handlers;
        lock (_gate)
        {
            if (!_handlers.TryGetValue(topic, out var list))
            {
                return;
            }

            handlers = [.. list];
        }

        foreach (var handler in handlers)
        {
            handler(payload);
        }
    }

    public IDisposable Subscribe(string topic, Action<string?> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue(topic, out var list))
            {
                list = [];
                _handlers[topic] = list;
            }

            list.Add(handler);
        }

        return new Subscription(this, topic, handler);
    }

    private void Remove(string topic, Action<string?> handler)
    {
        lock (_gate)
        {
            if (_handlers.TryGetValue(topic, out var list) && list.Remove(handler) && list.Count == 0)
            {
                _handlers.Remove(topic);
            }
        }
    }

    private sealed class Subscription(InProcessChangeNotifications owner, string topic, Action<string?> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(topic, handler);
            }
        }
    }
}
