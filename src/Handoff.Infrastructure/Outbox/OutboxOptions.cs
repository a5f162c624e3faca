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

    /// <summary>
    /// How often the dispatcher looks for due retries when nothing wakes it. With several instances on one database it
    /// is also how soon an instance notices rows another instance added (a save wakes only its own instance's
    /// dispatcher at once, and that instance delivers them unless it is busy or gone).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many conversations are delivered at the same time (each one strictly in order, one send at a time): the
    /// bound on sends in flight. A hung conversation holds one of these, never the others.
    /// </summary>
    public int ConversationsInParallel { get; set; } = 16;

    /// <summary>How many messages one conversation delivers before it goes to the back of the line (fairness).</summary>
    public int MessagesPerTurn { get; set; } = 50;

    /// <summary>A send that has not answered after this long counts as a transient failure (and is retried with the same activity id).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With several instances on one database (PostgreSQL): how long a conversation's delivery lease lasts without a
    /// renewal (it is renewed every third of this while the conversation is being delivered). The bound on how long the
    /// conversations of an instance that died wait before another instance delivers them; longer than
    /// <see cref="SendTimeout"/>, so that a send never outlives the lease it started under. See ADR-039.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);
}
