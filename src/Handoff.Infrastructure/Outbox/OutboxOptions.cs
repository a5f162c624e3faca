namespace Handoff.Infrastructure.Outbox;

/// <summary>The <c>Outbox</c> configuration section: how hard delivery tries.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Attempts before a message is dead-lettered and its sender told "not delivered".</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A channel's Retry-After is honoured up to this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the dispatcher looks for due retries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;

    /// <summary>How many conversations are delivered at the same time (each one strictly in order).</summary>
    public int ConversationsInParallel { get; set; } = 8;
}
