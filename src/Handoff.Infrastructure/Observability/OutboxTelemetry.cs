using System.Diagnostics;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Observability;
using Handoff.Infrastructure.Outbox;

namespace Handoff.Infrastructure.Observability;

/// <summary>
/// Trace and metrics of outbox delivery. The trace context of the work that wrote a message is stored with it, so its
/// delivery (later, maybe after a restart or on another instance) continues that trace instead of starting a new one.
/// </summary>
public static class OutboxTelemetry
{
    /// <summary>The W3C <c>traceparent</c> of the current span, to store with a new outbox message.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A span for one delivery attempt, a child of the span that wrote the message.</summary>
    public static Activity? StartDelivery(OutboxMessage row, OutboundMessage message)
    {
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        var activity = HandoffTelemetry.Source.StartActivity($"outbox deliver {row.ChannelId}", ActivityKind.Producer, parent);
        activity?.SetTag(HandoffTelemetry.ChannelAttribute, row.ChannelId);
        activity?.SetTag(HandoffTelemetry.ConversationAttribute, message.To.Key);
        activity?.SetTag("handoff.outbox.message_id", row.Id);
        activity?.SetTag("handoff.outbox.attempt", row.Attempts);
        return activity;
    }

    public static void Delivered(OutboxMessage row, DateTimeOffset now) =>
        HandoffTelemetry.RelayDuration.Record(
            (now - row.CreatedAt).TotalSeconds,
            new KeyValuePair<string, object?>(HandoffTelemetry.ChannelAttribute, row.ChannelId));

    public static void Retried(OutboxMessage row, DeliveryResult result) =>
        HandoffTelemetry.DeliveriesRetried.Add(1, Tags(row, result));

    public static void DeadLettered(OutboxMessage row, DeliveryResult result)
    {
        HandoffTelemetry.DeliveriesDeadLettered.Add(1, Tags(row, result));
        Activity.Current?.SetStatus(ActivityStatusCode.Error, result.Status.ToString());
    }

    private static TagList Tags(OutboxMessage row, DeliveryResult result) => new()
    {
        { HandoffTelemetry.ChannelAttribute, row.ChannelId },
        { HandoffTelemetry.DeliveryStatusAttribute, CommittedMeasurements.ReasonName(result.Status.ToString()) },
    };
}
