using System.Collections.Concurrent;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;

namespace Handoff.TestSupport;

/// <summary>
/// A fake at the channel-sender port: records what the outbox delivered, and answers scripted results (429, blocked...)
/// when a test queues them for a conversation (each conversation has its own script, as each Teams or Direct Line
/// conversation fails on its own). It takes the place of the real sender of the channel keys a test replaces
/// (<c>services.ReplaceChannelSender(sender, "directline")</c>); the other channels keep their real senders.
/// </summary>
public sealed class RecordingChannelSender : IChannelSender
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DeliveryResult>> _scripted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _reached = new(StringComparer.Ordinal);
    private readonly List<Delivered> _delivered = [];
    private readonly List<(Func<Delivered, bool> Predicate, TaskCompletionSource<Delivered> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private int _sequence;

    public sealed record Delivered(OutboundMessage Message, string? ReplacedActivityId, string ActivityId);

    public IReadOnlyList<Delivered> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _delivered];
            }
        }
    }

    public int Attempts { get; private set; }

    /// <summary>The next sends to <paramref name="channelConversationId"/> answer these results instead of delivering; other conversations are not affected.</summary>
    public void Script(string channelConversationId, params DeliveryResult[] results)
    {
        var queue = _scripted.GetOrAdd(channelConversationId, _ => new ConcurrentQueue<DeliveryResult>());
        foreach (var result in results)
        {
            queue.Enqueue(result);
        }
    }

    /// <summary>Sends to <paramref name="channelConversationId"/> hang (like a channel that stopped answering) until the returned release is called.</summary>
    public Action Hold(string channelConversationId)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _held[channelConversationId] = released.Task;
        return () => released.TrySetResult();
    }

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, string? replacesActivityId, CancellationToken cancellationToken)
    {
        if (_held.TryGetValue(message.To.ConversationId, out var hold))
        {
            Reached(message.To.ConversationId).TrySetResult();
            await hold.WaitAsync(cancellationToken);
        }

        return Record(message, replacesActivityId);
    }

    /// <summary>Completes when a send to <paramref name="channelConversationId"/> is waiting at its <see cref="Hold"/>.</summary>
    public Task WhenHeldAsync(string channelConversationId) => Reached(channelConversationId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private TaskCompletionSource Reached(string channelConversationId) =>
        _reached.GetOrAdd(channelConversationId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private DeliveryResult Record(OutboundMessage message, string? replacesActivityId)
    {
        lock (_lock)
        {
            Attempts++;
            if (_scripted.TryGetValue(message.To.ConversationId, out var script) && script.TryDequeue(out var scripted))
            {
                return scripted;
            }

            var delivered = new Delivered(message, replacesActivityId, replacesActivityId ?? $"activity-{++_sequence}");
            _delivered.Add(delivered);
            foreach (var waiter in _waiters.Where(w => w.Predicate(delivered)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(delivered);
            }

            return DeliveryResult.Delivered(delivered.ActivityId);
        }
    }

    /// <summary>Completes when a delivered message matches (or already has); fails after <paramref name="timeout"/> as a safety net.</summary>
    public async Task<Delivered> WaitForAsync(Func<Delivered, bool> predicate, TimeSpan? timeout = null)
    {
        TaskCompletionSource<Delivered> done;
        lock (_lock)
        {
            var existing = _delivered.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            done = new TaskCompletionSource<Delivered>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, done));
        }

        return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    public IReadOnlyList<Delivered> To(string channelConversationId) =>
        [.. Messages.Where(m => m.Message.To.ConversationId == channelConversationId)];
}
