using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>
/// A Bot Framework activity as it travels on the wire (camelCase JSON). Unknown fields are kept in
/// <see cref="ExtensionData"/>; open-ended parts (<c>value</c>, <c>channelData</c>, entities, card content) stay JSON.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public string? TextFormat { get; set; }

    public string? Text { get; set; }

    public string? Locale { get; set; }

    public string? Summary { get; set; }

    public string? InputHint { get; set; }

    public string? Name { get; set; }

    public string? ReplyToId { get; set; }

    public string? Action { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    public List<ChannelAccount>? MembersRemoved { get; set; }

    public List<Attachment>? Attachments { get; set; }

    public List<JsonElement>? Entities { get; set; }

    public JsonElement? ChannelData { get; set; }

    public JsonElement? Value { get; set; }

    public JsonElement? RelatesTo { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A channel account: <c>id</c> (compare ordinally), <c>name</c>, and in Teams the Entra <c>aadObjectId</c>.</summary>
public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A conversation: Teams adds <c>conversationType</c> (personal, groupChat, channel) and <c>tenantId</c>.</summary>
public sealed class ConversationAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool? IsGroup { get; set; }

    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An attachment: inline <c>content</c> (cards, transcripts) or a <c>contentUrl</c> (files).</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    public JsonElement? Content { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>What the Bot Connector answers to a send, reply or update (may be empty on some channels).</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>The body of <c>POST /v3/conversations</c> (a proactive 1:1 conversation in Teams).</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public List<ChannelAccount> Members { get; set; } = [];

    public string? TenantId { get; set; }

    public JsonElement? ChannelData { get; set; }

    /// <summary>The first message of the conversation (a new channel thread's opening post).</summary>
    public Activity? Activity { get; set; }
}

/// <summary>What <c>POST /v3/conversations</c> answers.</summary>
public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }

    public string? ActivityId { get; set; }

    public string? ServiceUrl { get; set; }
}

/// <summary>The JSON conventions of the Bot Framework wire format.</summary>
public static class BotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>Activity types and event names this server knows.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string Typing = "typing";

    public const string HandoffInitiate = "handoff.initiate";
    public const string HandoffStatus = "handoff.status";
    public const string AdaptiveCardAction = "adaptiveCard/action";
}
