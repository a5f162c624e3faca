using Handoff.Application.Common.Messaging;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// A channel whose delivery is a write to Handoff's own database (the embedded Direct Line log). The dispatcher does
/// not send such a message on its own: it stages it in the save that records its outcome on the outbox row, so the
/// two commit together and a turn of many messages takes the write turn once (ADR-042).
/// </summary>
public interface IStagedChannelSender : IChannelSender
{
    /// <summary>
    /// Enlists the delivery of <paramref name="message"/> in the next save of <paramref name="scope"/>'s context. That
    /// save, inside its transaction and before it writes the tracked changes, delivers it and tells
    /// <paramref name="outcome"/> how it went, so that the outcome is written by the same save.
    /// </summary>
    void Stage(IServiceProvider scope, OutboundMessage message, Action<DeliveryResult> outcome);
}
