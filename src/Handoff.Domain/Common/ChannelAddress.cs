namespace Handoff.Domain.Common;

/// <summary>
/// Where a conversation lives on a channel, and what is needed to write to it later (proactively).
/// <see cref="ServiceUrl"/> is present only for Bot Framework channels and only when it came in an authenticated activity.
/// </summary>
public sealed record ChannelAddress(
    string ChannelId,
    string ConversationId,
    string UserId,
    string? ServiceUrl = null,
    string? BotId = null,
    string? TenantId = null)
{
    public const int MaxIdLength = 512;

    public string Key => $"{ChannelId}:{ConversationId}";
}
