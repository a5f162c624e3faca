using Handoff.Application.Conversations.RelayMessage;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.RelayTyping;

/// <summary>
/// At most one relayed typing indicator per conversation and direction per interval, in this process's memory (an
/// indicator is best-effort: after a restart, or on another instance, one more may pass). Entries whose interval has
/// passed are forgotten once there are many, so memory follows the conversations typing right now.
/// </summary>
public sealed class TypingThrottle(TimeProvider clock)
{
    private const int SweepAbove = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<(ConversationId, RelayDirection), DateTimeOffset> _lastRelayed = [];

    /// <summary>How many (conversation, direction) pairs are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lastRelayed.Count;
            }
        }
    }

    /// <summary>True (and the slot is taken) when nothing was relayed for this pair within <paramref name="interval"/>.</summary>
    public bool TryTake(ConversationId conversation, RelayDirection direction, TimeSpan interval)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_lastRelayed.TryGetValue((conversation, direction), out var last) && now - last < interval)
            {
                return false;
            }

            if (_lastRelayed.Count >= SweepAbove)
            {
                // Forgetting a pair whose interval has passed changes no answer: it would be let through anyway.
                foreach (var stale in _lastRelayed.Where(e => now - e.Value >= interval).Select(e => e.Key).ToList())
                {
                    _lastRelayed.Remove(stale);
                }
            }

            _lastRelayed[(conversation, direction)] = now;
            return true;
        }
    }
}
