using Handoff.Domain.Common;

namespace Handoff.Application.Common.Messaging;

/// <summary>
/// Something that must be said to someone, channel-neutral. Written to the outbox in the same save as the state change
/// that caused it, then delivered by the sender of <see cref="ChannelAddress.ChannelId"/>.
/// </summary>
/// <param name="To">The conversation to write to.</param>
/// <param name="Text">Plain or markdown text; may be null when there are attachments.</param>
/// <param name="Attachments">Adaptive Cards and files.</param>
/// <param name="SenderName">Shown as the sender's name: the agent's display name for relayed agent messages.</param>
/// <param name="CorrelationKey">Names this message so that a later message can replace it (e.g. a waiting-user card becoming "taken").</param>
/// <param name="ReplacesCorrelationKey">Replace the already delivered message with this key instead of sending a new one.</param>
/// <param name="NotifyOnFailure">Who is told "not delivered" when delivery finally fails.</param>
/// <param name="EventName">Set for an <c>event</c> activity (e.g. <c>handoff.status</c>) instead of a message.</param>
/// <param name="EventValueJson">The event's <c>value</c> as JSON.</param>
/// <param name="CreateThreadInChannel">Teams channel mode: start a new thread in this channel with this message; the
/// thread's id is kept with it for the messages that follow, addressed to <see cref="AgentThreads.Address"/> (ADR-037).</param>
/// <param name="ActivityId">Set by the outbox at delivery, the same on every attempt: senders pass it on so receivers can drop a resend.</param>
public sealed record OutboundMessage(
    ChannelAddress To,
    string? Text,
    IReadOnlyList<OutboundAttachment> Attachments,
    string? SenderName = null,
    string? CorrelationKey = null,
    string? ReplacesCorrelationKey = null,
    ChannelAddress? NotifyOnFailure = null,
    string? EventName = null,
    string? EventValueJson = null,
    string? ActivityId = null,
    string? CreateThreadInChannel = null)
{
    public static OutboundMessage PlainText(ChannelAddress to, string text, string? senderName = null) => new(to, text, [], senderName);

    public static OutboundMessage Card(ChannelAddress to, string cardJson, string? summaryText = null, string? correlationKey = null) =>
        new(to, summaryText, [OutboundAttachment.AdaptiveCard(cardJson)], CorrelationKey: correlationKey);
}

/// <summary>An attachment: inline JSON content (cards) or a URL (files, images).</summary>
public sealed record OutboundAttachment(string ContentType, string? ContentJson = null, string? ContentUrl = null, string? Name = null)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static OutboundAttachment AdaptiveCard(string cardJson) => new(AdaptiveCardContentType, ContentJson: cardJson);
}
