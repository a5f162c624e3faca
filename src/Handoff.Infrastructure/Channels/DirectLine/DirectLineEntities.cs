namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>A Direct Line conversation: who it belongs to, whether it started and was greeted, and its next activity number.</summary>
public sealed class DirectLineConversation
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public string? UserName { get; init; }

    public bool IsAgent { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public bool Greeted { get; set; }

    /// <summary>The sequence number of the next activity; a concurrency token, so two writers never take the same number.</summary>
    public long NextSequence { get; set; } = 1;
}

/// <summary>One activity of a conversation's log, user's and bot's alike; the watermark is its sequence number.</summary>
public sealed class DirectLineActivity
{
    public required string ConversationId { get; init; }

    public long Sequence { get; init; }

    public required string ActivityId { get; init; }

    public required string Type { get; init; }

    /// <summary>For the bot's activities: the outbox message's stable activity id, so a resend is not appended twice.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>The activity exactly as clients receive it (with its id and timestamp).</summary>
    public required string Json { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A file a user uploaded; served back by an unguessable id.</summary>
public sealed class DirectLineUpload
{
    public required string Id { get; init; }

    public required string ConversationId { get; init; }

    public required string ContentType { get; init; }

    public string? Name { get; init; }

    public required byte[] Content { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
