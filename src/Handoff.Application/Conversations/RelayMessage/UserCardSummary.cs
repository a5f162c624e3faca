using System.Text;
using System.Text.Json;
using Handoff.Application.Common.Messaging;

namespace Handoff.Application.Conversations.RelayMessage;

/// <summary>
/// A card an end user sends is never shown to the agent as a card: its buttons (Connect, OpenUrl, …) would look like
/// Handoff's own and act in the agent's name. The agent sees a plain-text line instead, naming the card's kind and the
/// first of its own words (title or first text block), without any markup; other attachments (files) go as they are.
/// </summary>
public static class UserCardSummary
{
    public const string CardContentTypePrefix = "application/vnd.microsoft.card.";
    private const int MaxSummaryLength = 200;

    public static (IReadOnlyList<InboundAttachment> Kept, IReadOnlyList<string> Summaries) Split(IReadOnlyList<InboundAttachment> attachments)
    {
        var kept = new List<InboundAttachment>();
        var summaries = new List<string>();
        foreach (var attachment in attachments)
        {
            if (attachment.ContentType.StartsWith(CardContentTypePrefix, StringComparison.OrdinalIgnoreCase))
            {
                summaries.Add(Summarize(attachment));
            }
            else
            {
                kept.Add(attachment);
            }
        }

        return (kept, summaries);
    }

    private static string Summarize(InboundAttachment card)
    {
        var kind = card.ContentType[CardContentTypePrefix.Length..];
        var words = FirstWords(card.ContentJson);
        return words is null ? $"[a {Plain(kind)} card]" : $"[a {Plain(kind)} card: {words}]";
    }

    private static string? FirstWords(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var text = Property(root, "title") ?? FirstTextBlock(root, depth: 0);
            return text is null ? null : Plain(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FirstTextBlock(JsonElement element, int depth)
    {
        if (depth > 8 || element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Property(element, "type") == "TextBlock" && Property(element, "text") is { } text)
        {
            return text;
        }

        if (element.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in body.EnumerateArray())
            {
                if (FirstTextBlock(item, depth + 1) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Letters, digits, spaces and plain punctuation only: no markdown, links or line breaks reach the agent.</summary>
    private static string Plain(string text)
    {
        var plain = new StringBuilder(Math.Min(text.Length, MaxSummaryLength));
        foreach (var c in text)
        {
            if (plain.Length == MaxSummaryLength)
            {
                break;
            }

            var kept = char.IsLetterOrDigit(c) || c is '.' or ',' or '-' or '?' or '!' or '\'' ? c : ' ';
            if (kept != ' ' || (plain.Length > 0 && plain[^1] != ' '))
            {
                plain.Append(kept);
            }
        }

        return plain.ToString().Trim();
    }
}
