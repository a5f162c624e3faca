namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// One outbound message waiting for (or past) delivery. Rows are delivered in <see cref="Id"/> order per
/// <see cref="OrderingKey"/> (one conversation), retried with backoff, and dead-lettered after the attempt limit.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string ChannelId { get; init; }

    /// <summary>Messages with the same key are delivered strictly in order: the channel conversation.</summary>
    public required string OrderingKey { get; init; }

    public required string PayloadJson { get; init; }

    /// <summary>
    /// The message's own id, fixed when it was enqueued and sent with every attempt, so a receiver can recognise a
    /// resend (after a timeout, a crash or a stop mid-send) of something it already has. ADR-017.
    /// </summary>
    public string? ActivityId { get; init; }

    public string? CorrelationKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The channel's id for the delivered activity, so it can be updated later.</summary>
    public string? ChannelActivityId { get; set; }

    /// <summary>The conversation the channel created for this message (a Teams channel thread), so later messages can go there.</summary>
    public string? ChannelConversationId { get; set; }

    public DateTimeOffset? DeadLetteredAt { get; set; }

    /// <summary>The W3C <c>traceparent</c> of the work that wrote this message: its delivery continues that trace.</summary>
    public string? TraceParent { get; init; }

    public bool IsPending => DeliveredAt is null && DeadLetteredAt is null;
}
