using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Messaging;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>The activity shapes of the embedded Direct Line channel: what a client may post, and what the bot sends.</summary>
public static class DirectLineActivities
{
    public const string ChannelId = "directline";

    /// <summary>Direct Line's limit for one serialized activity.</summary>
    public const int MaxActivityBytes = 256 * 1024;

    public const string JoinEventName = "webchat/join";

    /// <summary>
    /// Parses a posted activity. Null with a reason when it is not a JSON object with a string <c>type</c>.
    /// </summary>
    public static JsonObject? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            error = $"The activity is not valid JSON: {ex.Message}";
            return null;
        }

        if (node is not JsonObject activity)
        {
            error = "The activity must be a JSON object.";
            return null;
        }

        if (activity["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(type.GetValue<string>()))
        {
            error = "The activity has no 'type'.";
            return null;
        }

        return activity;
    }

    /// <summary>
    /// Makes a client's activity the server's: the sender is the token's user (whatever <c>from</c> said, and never an
    /// agent or bot role), the channel is ours, and fields only a channel may set are dropped. <c>channelData</c>
    /// (with Web Chat's <c>clientActivityID</c>) and everything else is kept.
    /// </summary>
    public static void NormalizeFromUser(JsonObject activity, DirectLineToken user, DirectLineOptions options)
    {
        activity.Remove("id");
        activity.Remove("timestamp");
        activity.Remove("serviceUrl");
        activity.Remove("callerId");
        activity["channelId"] = ChannelId;
        var from = new JsonObject { ["id"] = user.UserId, ["role"] = "user" };
        var name = user.UserName ?? ((activity["from"] as JsonObject)?["name"] as JsonValue)?.ToString();
        if (!string.IsNullOrWhiteSpace(name))
        {
            from["name"] = name.Length > 200 ? name[..200] : name;
        }

        activity["from"] = from;
        activity["recipient"] = new JsonObject { ["id"] = options.BotId, ["name"] = options.BotName, ["role"] = "bot" };
    }

    public static string TypeOf(JsonObject activity) => (string)activity["type"]!;

    public static string? Text(JsonObject activity) => activity["text"] is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;

    /// <summary>The client's <c>locale</c> (Web Chat sends the page's language, e.g. <c>de-DE</c>); the command validates it.</summary>
    public static string? Locale(JsonObject activity) => activity["locale"] is JsonValue locale && locale.GetValueKind() == JsonValueKind.String ? locale.GetValue<string>() : null;

    public static string? EventName(JsonObject activity) => activity["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String ? name.GetValue<string>() : null;

    /// <summary>The card submission (<c>value</c>) as JSON, if any.</summary>
    public static string? ValueJson(JsonObject activity) => activity["value"] is { } value ? value.ToJsonString() : null;

    public static IReadOnlyList<InboundAttachment> Attachments(JsonObject activity)
    {
        if (activity["attachments"] is not JsonArray attachments)
        {
            return [];
        }

        var result = new List<InboundAttachment>();
        foreach (var item in attachments.OfType<JsonObject>())
        {
            var contentType = item["contentType"] is JsonValue type && type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : "application/octet-stream";
            var url = item["contentUrl"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : null;
            var name = item["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
            result.Add(new InboundAttachment(contentType, url, name, item["content"]?.ToJsonString()));
        }

        return result;
    }

    /// <summary>
    /// The activity the bot sends for an outbox message: a message (text, cards, files) or an event; relayed agent
    /// messages carry the agent's display name as <c>from.name</c>.
    /// </summary>
    public static JsonObject FromBot(OutboundMessage message, DirectLineOptions options)
    {
        var activity = new JsonObject
        {
            ["type"] = message.EventName is null ? "message" : "event",
            ["channelId"] = ChannelId,
            ["from"] = new JsonObject { ["id"] = options.BotId, ["name"] = message.SenderName ?? options.BotName, ["role"] = "bot" },
            ["recipient"] = new JsonObject { ["id"] = message.To.UserId, ["role"] = "user" },
        };

        if (message.EventName is { } eventName)
        {
            activity["name"] = eventName;
            if (message.EventValueJson is { } value)
            {
                activity["value"] = JsonNode.Parse(value);
            }

            return activity;
        }

        activity["textFormat"] = "markdown";
        if (!string.IsNullOrEmpty(message.Text))
        {
            activity["text"] = message.Text;
        }

        if (message.Attachments.Count > 0)
        {
            var attachments = new JsonArray();
            foreach (var attachment in message.Attachments)
            {
                var item = new JsonObject { ["contentType"] = attachment.ContentType };
                if (attachment.ContentJson is { } content)
                {
                    item["content"] = JsonNode.Parse(content);
                }

                if (attachment.ContentUrl is { } url)
                {
                    item["contentUrl"] = url;
                }

                if (attachment.Name is { } name)
                {
                    item["name"] = name;
                }

                attachments.Add(item);
            }

            activity["attachments"] = attachments;
        }

        return activity;
    }
}
