using System.Text.Json.Nodes;
using Handoff.Domain.Common;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Support;

/// <summary>Reads what the outbox delivered as the text a person would see: message text, then card texts and buttons.</summary>
public static class Deliveries
{
    public static IReadOnlyList<string> SeenBy(this IEnumerable<RecordingChannelSender.Delivered> delivered, ChannelAddress address) =>
        [.. delivered.Where(d => d.Message.To.Key == address.Key).Select(Visible)];

    public static string Visible(RecordingChannelSender.Delivered delivered)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(delivered.Message.SenderName))
        {
            parts.Add($"[{delivered.Message.SenderName}]");
        }

        if (!string.IsNullOrEmpty(delivered.Message.Text))
        {
            parts.Add(delivered.Message.Text);
        }

        foreach (var attachment in delivered.Message.Attachments)
        {
            parts.Add(attachment.ContentJson is { } json ? CardText(JsonNode.Parse(json)!) : attachment.ContentUrl ?? string.Empty);
        }

        return string.Join(" ", parts);
    }

    private static string CardText(JsonNode card)
    {
        var texts = new List<string>();
        foreach (var element in card["body"]?.AsArray() ?? [])
        {
            if (element?["text"] is { } text)
            {
                texts.Add(text.GetValue<string>());
            }

            foreach (var fact in element?["facts"]?.AsArray() ?? [])
            {
                texts.Add($"{fact!["title"]}: {fact["value"]}");
            }
        }

        foreach (var action in card["actions"]?.AsArray() ?? [])
        {
            var target = action!["url"]?.GetValue<string>() ?? action["data"]?.ToJsonString();
            texts.Add($"[{action["title"]} {target}]");
        }

        return string.Join(" ", texts);
    }
}
