using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Messaging;

namespace Handoff.TestSupport;

/// <summary>
/// What a person sees of a message: its text, and the text of its cards (Adaptive Card text blocks, facts and button
/// titles; hero card title, subtitle, text and buttons), suggested-action titles and file names. Never ids, sender
/// accounts, URLs or button data: a test waiting for words must not be satisfied by the wire format around them.
/// This is the one "wait for text" matcher of the test suites.
/// </summary>
public static class VisibleText
{
    /// <summary>A Bot Framework / Direct Line activity as sent on the wire.</summary>
    public static string Of(JsonObject activity)
    {
        var parts = new List<string>();
        Add(parts, activity["text"]);
        foreach (var attachment in activity["attachments"]?.AsArray() ?? [])
        {
            Add(parts, attachment?["name"]);
            if (attachment?["content"] is JsonObject card)
            {
                parts.AddRange(TextsOf(card));
                parts.AddRange(ButtonsOf(card).Select(Title));
            }
        }

        foreach (var action in activity["suggestedActions"]?["actions"]?.AsArray() ?? [])
        {
            Add(parts, action?["title"]);
        }

        return string.Join(" ", parts);
    }

    /// <summary>An activity body as a <see cref="JsonElement"/> (what the fake Bot Connector recorded).</summary>
    public static string Of(JsonElement activity) =>
        activity.ValueKind == JsonValueKind.Object && JsonNode.Parse(activity.GetRawText()) is JsonObject parsed ? Of(parsed) : string.Empty;

    /// <summary>A message the product handed to a channel sender.</summary>
    public static string Of(OutboundMessage message)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(message.Text))
        {
            parts.Add(message.Text);
        }

        foreach (var attachment in message.Attachments)
        {
            if (!string.IsNullOrEmpty(attachment.Name))
            {
                parts.Add(attachment.Name);
            }

            if (attachment.ContentJson is { } json && JsonNode.Parse(json) is JsonObject card)
            {
                parts.AddRange(TextsOf(card));
                parts.AddRange(ButtonsOf(card).Select(Title));
            }
        }

        return string.Join(" ", parts);
    }

    public static bool Contains(JsonObject activity, string fragment) => Of(activity).Contains(fragment, StringComparison.Ordinal);

    public static bool Contains(OutboundMessage message, string fragment) => Of(message).Contains(fragment, StringComparison.Ordinal);

    /// <summary>The texts of a card in reading order: text blocks (also inside containers and columns), facts as "title: value", hero card title, subtitle and text.</summary>
    public static IEnumerable<string> TextsOf(JsonObject card)
    {
        foreach (var field in new[] { "title", "subtitle" })
        {
            if (card["type"] is null && card[field] is JsonValue value && value.TryGetValue<string>(out var heroText))
            {
                yield return heroText;
            }
        }

        if (card["type"] is null && card["text"] is JsonValue heroBody && heroBody.TryGetValue<string>(out var body))
        {
            yield return body;
        }

        foreach (var element in card["body"]?.AsArray() ?? [])
        {
            foreach (var text in ElementTexts(element))
            {
                yield return text;
            }
        }
    }

    /// <summary>The buttons of a card (Adaptive Card actions, hero card buttons), for their titles.</summary>
    public static IEnumerable<JsonObject> ButtonsOf(JsonObject card) =>
        (card["actions"]?.AsArray() ?? card["buttons"]?.AsArray() ?? []).OfType<JsonObject>();

    private static void Add(List<string> parts, JsonNode? value)
    {
        if (value is JsonValue text && text.TryGetValue<string>(out var visible) && visible.Length > 0)
        {
            parts.Add(visible);
        }
    }

    private static string Title(JsonObject button) => (string?)button["title"] ?? string.Empty;

    private static IEnumerable<string> ElementTexts(JsonNode? element)
    {
        if (element is not JsonObject item)
        {
            yield break;
        }

        if (item["text"] is JsonValue text && text.TryGetValue<string>(out var value))
        {
            yield return value;
        }

        foreach (var fact in item["facts"]?.AsArray() ?? [])
        {
            yield return $"{fact!["title"]}: {fact["value"]}";
        }

        foreach (var inline in item["inlines"]?.AsArray() ?? [])
        {
            foreach (var inner in ElementTexts(inline))
            {
                yield return inner;
            }
        }

        var children = (item["items"]?.AsArray() ?? []).Concat(item["columns"]?.AsArray() ?? []);
        foreach (var child in children)
        {
            foreach (var inner in ElementTexts(child))
            {
                yield return inner;
            }
        }
    }
}
