using System.Text.Json.Nodes;
using Handoff.Domain.Common;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Support;

/// <summary>
/// Reads what the outbox delivered as a transcript: the sender name shown, the message text, then the card's visible texts
/// (<see cref="VisibleText"/>, the suites' one matcher) and its buttons with their targets.
/// </summary>
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

    /// <summary>The card's visible texts (<see cref="VisibleText"/>), then each button with what it does, so tests can check the wiring.</summary>
    private static string CardText(JsonNode card)
    {
        var texts = VisibleText.TextsOf(card.AsObject()).ToList();
        foreach (var action in VisibleText.ButtonsOf(card.AsObject()))
        {
            var target = action["url"]?.GetValue<string>() ?? action["data"]?.ToJsonString();
            texts.Add($"[{action["title"]} {target}]");
        }

        return string.Join(" ", texts);
    }
}
