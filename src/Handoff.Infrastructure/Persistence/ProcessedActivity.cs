namespace Handoff.Infrastructure.Persistence;

/// <summary>An inbound channel activity that was processed; its key makes a redelivery a no-op.</summary>
public sealed class ProcessedActivity
{
    public required string ChannelId { get; init; }

    public required string ActivityId { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}
