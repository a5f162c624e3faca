using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Handoff.Application.Common.Observability;

/// <summary>
/// The product's own trace source and synchronous instruments (OpenTelemetry names and units, see docs/operations.md).
/// Static, like the runtime's own meters, so that code without DI (the Graph handler chain) can record too; the
/// observable gauges that read the database live with their sampler in Infrastructure. Attribute values are ids,
/// channel names and enum names only, never message text.
/// </summary>
public static class HandoffTelemetry
{
    public const string Name = "Handoff";

    public const string ChannelAttribute = "handoff.channel";
    public const string ConversationAttribute = "handoff.conversation.id";
    public const string EndReasonAttribute = "handoff.end_reason";
    public const string DeliveryStatusAttribute = "handoff.delivery.status";
    public const string DependencyAttribute = "handoff.dependency";
    public const string UseCaseAttribute = "handoff.use_case";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Seconds a user waited in the queue until an agent connected.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "handoff.queue.wait.duration", "s", "Time a user waited in the queue until an agent connected.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] });

    /// <summary>Handoffs that ended (live conversations ended, queue timeouts, users leaving the queue), by reason.</summary>
    public static readonly Counter<long> HandoffsEnded = Meter.CreateCounter<long>(
        "handoff.handoffs.ended", "{handoff}", "Handoffs that ended, by reason.");

    /// <summary>Seconds from the acknowledgement of the save that wrote a message to its delivery, by channel.</summary>
    public static readonly Histogram<double> RelayDuration = Meter.CreateHistogram<double>(
        "handoff.relay.duration", "s", "Time from acknowledgement (commit to the outbox) to delivery, by channel.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    public static readonly Counter<long> DeliveriesRetried = Meter.CreateCounter<long>(
        "handoff.outbox.deliveries.retried", "{delivery}", "Delivery attempts that failed and will be retried, by channel and delivery status.");

    public static readonly Counter<long> DeliveriesDeadLettered = Meter.CreateCounter<long>(
        "handoff.outbox.deliveries.dead_lettered", "{delivery}", "Messages given up on (dead-lettered), by channel and delivery status.");

    /// <summary>Calls to Microsoft Graph and the Bot Connector (one per HTTP request, retries included).</summary>
    public static readonly Histogram<double> DependencyDuration = Meter.CreateHistogram<double>(
        "handoff.dependency.duration", "s", "Duration of calls to Microsoft Graph and the Bot Connector.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Counter<long> DependencyFailures = Meter.CreateCounter<long>(
        "handoff.dependency.failures", "{call}", "Calls to Microsoft Graph and the Bot Connector that failed (no answer, or a 429/5xx answer).");

    public static readonly UpDownCounter<long> OpenWebSockets = Meter.CreateUpDownCounter<long>(
        "handoff.directline.websockets.open", "{connection}", "Direct Line WebSocket streams open on this instance.");
}
