using System.Text.Json;
using System.Text.RegularExpressions;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.Greet;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Application.Conversations.InitiateHandoff;
using Handoff.Domain.Common;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>Turns authenticated inbound activities into the application's commands. No decisions beyond the wire format.</summary>
public static partial class BotActivityMapper
{
    public const string TeamsChannel = "msteams";

    /// <summary>Where the activity came from; the service URL only when the request was authenticated (or local development over loopback).</summary>
    public static ChannelAddress? ToAddress(Activity activity, BotAuthentication authentication)
    {
        if (string.IsNullOrWhiteSpace(activity.ChannelId) || string.IsNullOrWhiteSpace(activity.Conversation?.Id) || string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return null;
        }

        var trusted = authentication.Succeeded && (!authentication.IsAnonymous || IsLoopback(activity.ServiceUrl));
        var serviceUrl = trusted && BotConnectorClient.IsAllowedServiceUrl(activity.ServiceUrl) ? activity.ServiceUrl : null;
        return new ChannelAddress(activity.ChannelId, activity.Conversation.Id, activity.From.Id, serviceUrl, activity.Recipient?.Id, TenantOf(activity));
    }

    public static Sender ToSender(Activity activity, BotAuthentication authentication) =>
        new(activity.From!.Id!, activity.From.Name, activity.From.AadObjectId, TenantOf(activity), IsAuthenticated: authentication.Succeeded && !authentication.IsAnonymous, IsVerifiedAgent: false);

    /// <summary>A message: text without the bot's @mention, an <c>Action.Submit</c> payload in <c>value</c>, files by URL.</summary>
    public static HandleIncomingMessageCommand ToMessage(Activity activity, ChannelAddress address, BotAuthentication authentication) =>
        new(address, ToSender(activity, authentication), StripBotMention(activity), RawJson(activity.Value), Attachments(activity), activity.Id, activity.Locale, IsInChannel(activity));

    /// <summary>Teams: written in a team channel (a channel post or a reply in its thread), not in a 1:1 or group chat.</summary>
    public static bool IsInChannel(Activity activity) =>
        activity.ChannelId == TeamsChannel && string.Equals(activity.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);

    /// <summary>Teams: the team an activity comes from (<c>channelData.team.id</c>), if any.</summary>
    public static string? TeamOf(Activity activity) =>
        activity.ChannelId == TeamsChannel &&
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data &&
        data.TryGetProperty("team", out var team) && team.ValueKind == JsonValueKind.Object &&
        team.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } teamId
            ? teamId
            : null;

    /// <summary>An <c>adaptiveCard/action</c> invoke (Action.Execute): its <c>data</c> (with <c>verb</c> as the command when data has none) is the submission.</summary>
    public static HandleIncomingMessageCommand? ToCardAction(Activity activity, ChannelAddress address, BotAuthentication authentication)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value ||
            !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object ||
            !action.TryGetProperty("type", out var type) || type.GetString() != "Action.Execute")
        {
            return null;
        }

        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (action.TryGetProperty("data", out var payload) && payload.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in payload.EnumerateObject())
            {
                data[property.Name] = property.Value;
            }
        }

        if (!data.ContainsKey("command") && action.TryGetProperty("verb", out var verb) && verb.ValueKind == JsonValueKind.String)
        {
            data["command"] = verb;
        }

        return new HandleIncomingMessageCommand(address, ToSender(activity, authentication), null, JsonSerializer.Serialize(data), [], activity.Id, activity.Locale, IsInChannel(activity));
    }

    /// <summary>Someone (or the bot) joined: greet when the bot is installed (Teams: how to log in) or when a person joins elsewhere.</summary>
    public static GreetCommand? ToGreeting(Activity activity, ChannelAddress address)
    {
        var added = activity.MembersAdded ?? [];
        var botId = activity.Recipient?.Id;
        if (activity.ChannelId == TeamsChannel)
        {
            // Installed in a team: its channels are not greeted with "type login" (the channel mode needs no login).
            if (TeamOf(activity) is not null)
            {
                return null;
            }

            return added.Any(m => m.Id == botId) ? new GreetCommand(address, AgentChannel: true) : null;
        }

        return added.Any(m => m.Id != botId) ? new GreetCommand(address, AgentChannel: false) : null;
    }

    /// <summary>A <c>handoff.initiate</c> event from an upstream bot: its <c>value</c> and the transcript attachment.</summary>
    public static InitiateHandoffCommand ToHandoffInitiation(Activity activity, ChannelAddress address, BotAuthentication authentication) =>
        new(address, ToSender(activity, authentication), RawJson(activity.Value), Transcript(activity), activity.Id);

    public static string? TenantOf(Activity activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.Conversation?.TenantId))
        {
            return activity.Conversation.TenantId;
        }

        return activity.ChannelData is { ValueKind: JsonValueKind.Object } data &&
               data.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object &&
               tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// <summary>Removes the <c>&lt;at&gt;bot&lt;/at&gt;</c> text of mentions of this bot (Teams group chats and channels deliver only those).</summary>
    public static string? StripBotMention(Activity activity)
    {
        var text = activity.Text;
        if (string.IsNullOrEmpty(text) || activity.Entities is null)
        {
            return text;
        }

        var stripped = false;
        foreach (var entity in activity.Entities)
        {
            if (entity.ValueKind == JsonValueKind.Object &&
                entity.TryGetProperty("type", out var type) && string.Equals(type.GetString(), "mention", StringComparison.OrdinalIgnoreCase) &&
                entity.TryGetProperty("mentioned", out var mentioned) && mentioned.ValueKind == JsonValueKind.Object &&
                mentioned.TryGetProperty("id", out var id) && id.GetString() == activity.Recipient?.Id &&
                entity.TryGetProperty("text", out var mentionText) && mentionText.GetString() is { Length: > 0 } at)
            {
                text = text.Replace(at, string.Empty, StringComparison.Ordinal);
                stripped = true;
            }
        }

        return stripped ? Spaces().Replace(text, " ").Trim() : text;
    }

    private static List<InboundAttachment> Attachments(Activity activity) =>
        [.. (activity.Attachments ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a.ContentType) && (a.ContentUrl is not null || a.Content is not null))
            .Select(a => new InboundAttachment(a.ContentType!, a.ContentUrl, a.Name, a.Content is { } content ? content.GetRawText() : null))];

    private static List<ImportedMessage> Transcript(Activity activity)
    {
        var transcript = (activity.Attachments ?? []).FirstOrDefault(a =>
            string.Equals(a.Name, "Transcript", StringComparison.OrdinalIgnoreCase) &&
            (a.ContentType == "application/json" || a.ContentType == "application/vnd.microsoft.transcript") &&
            a.Content is { ValueKind: JsonValueKind.Object });
        if (transcript?.Content is not { } content || !content.TryGetProperty("activities", out var activities) || activities.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var userId = activity.From?.Id;
        var imported = new List<ImportedMessage>();
        foreach (var element in activities.EnumerateArray())
        {
            Activity? entry;
            try
            {
                entry = element.Deserialize<Activity>(BotJson.Options);
            }
            catch (JsonException)
            {
                continue; // one unreadable entry does not lose the rest of the story
            }

            if (entry is not { Type: ActivityTypes.Message } || (string.IsNullOrWhiteSpace(entry.Text) && (entry.Attachments?.Count ?? 0) == 0))
            {
                continue;
            }

            var fromBot = entry.From?.Role == "bot" || (entry.From?.Role != "user" && entry.From?.Id != userId);
            var text = entry.Text ?? string.Join(", ", entry.Attachments!.Select(a => a.Name ?? a.ContentType ?? "attachment"));
            imported.Add(new ImportedMessage(fromBot, entry.From?.Name, text, entry.Timestamp));
        }

        return imported;
    }

    private static string? RawJson(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } value ? value.GetRawText() : null;

    private static bool IsLoopback(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
