namespace Handoff.Application.Common.Messaging;

/// <summary>
/// Delivers outbound messages for one channel (the embedded Direct Line, the Bot Connector...). Called by the outbox
/// dispatcher after commit; never from a request. Which sender gets a message is not its own decision: each channel
/// registers its sender under the channel key it owns, and the dispatcher looks the key of the message's address up.
/// </summary>
public interface IChannelSender
{
    /// <param name="message">What to send.</param>
    /// <param name="replacesActivityId">When set, update this previously delivered activity instead of sending a new one.</param>
    Task<DeliveryResult> SendAsync(OutboundMessage message, string? replacesActivityId, CancellationToken cancellationToken);
}

public enum DeliveryStatus
{
    Delivered,

    /// <summary>Try again later (429, 412, 5xx, timeouts).</summary>
    Transient,

    /// <summary>Will never succeed (e.g. 4xx); dead-lettered at once.</summary>
    Permanent,

    /// <summary>The recipient blocked or uninstalled the bot (Teams 403 MessageWritesBlocked).</summary>
    RecipientBlocked,
}

/// <summary>What happened to one delivery attempt; <see cref="ActivityId"/> is kept so the message can be updated later.</summary>
public sealed record DeliveryResult(DeliveryStatus Status, string? ActivityId = null, TimeSpan? RetryAfter = null, string? Error = null)
{
    /// <summary>The conversation the send created (a Teams channel thread), when it created one.</summary>
    public string? ConversationId { get; init; }

    public static DeliveryResult Delivered(string? activityId) => new(DeliveryStatus.Delivered, activityId);

    public static DeliveryResult Transient(string error, TimeSpan? retryAfter = null) => new(DeliveryStatus.Transient, null, retryAfter, error);

    public static DeliveryResult Permanent(string error) => new(DeliveryStatus.Permanent, Error: error);

    public static DeliveryResult Blocked(string error) => new(DeliveryStatus.RecipientBlocked, Error: error);
}
