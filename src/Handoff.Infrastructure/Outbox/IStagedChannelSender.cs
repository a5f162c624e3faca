using Handoff.Application.Common.Messaging;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// A channel whose delivery is a write to Handoff's own database (the embedded Direct Line log). Such a message is
/// delivered by the very save that enqueues it, when nothing is waiting before it (<see cref="DeliverInSaveAsync"/>,
/// ADR-046); otherwise the dispatcher stages it in the save that records its outcome on the outbox row, so the two
/// commit together and a turn of many messages takes the write turn once (ADR-042).
/// </summary>
public interface IStagedChannelSender : IChannelSender
{
    /// <summary>
    /// Enlists the delivery of <paramref name="message"/> in the next save of <paramref name="scope"/>'s context. That
    /// save, inside its transaction and before it writes the tracked changes, delivers it and tells
    /// <paramref name="outcome"/> how it went, so that the outcome is written by the same save.
    /// </summary>
    void Stage(IServiceProvider scope, OutboundMessage message, Action<DeliveryResult> outcome);

    /// <summary>
    /// Delivers <paramref name="message"/> inside the transaction of the save that <paramref name="scope"/>'s context is
    /// writing now: the save that enqueued it (ADR-046). Null when it cannot be delivered that way (its conversation
    /// does not exist); the outbox row then stays pending and the dispatcher handles it as any other.
    /// </summary>
    Task<DeliveryResult?> DeliverInSaveAsync(IServiceProvider scope, OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>After the save that delivered <paramref name="message"/> committed: what makes it visible (Direct Line: waking the conversation's streams).</summary>
    void DeliveredInSave(IServiceProvider scope, OutboundMessage message);
}
