using System.Text.Json;

namespace Handoff.TestSupport.BotConnector;

/// <summary>One call the bot made to the fake Bot Connector, with what the fake answered.</summary>
/// <param name="Method">GET, POST, PUT...</param>
/// <param name="Path">The raw request path (ids still escaped, as sent).</param>
/// <param name="ServicePath">What came before <c>/v3/</c>: the service URL's own path (e.g. <c>/teams</c>).</param>
/// <param name="ConversationId">The unescaped conversation id of <c>/v3/conversations/{id}/...</c>.</param>
/// <param name="ActivityId">The unescaped activity id of <c>.../activities/{id}</c>.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Status">The status the fake answered.</param>
/// <param name="ReturnedId">The id the fake answered with (activity or conversation id).</param>
public sealed record ConnectorRequest(
    string Method,
    string Path,
    string ServicePath,
    string? ConversationId,
    string? ActivityId,
    string? Authorization,
    JsonElement Body,
    int Status,
    string? ReturnedId)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public bool IsSend => Method == "POST" && ConversationId is not null && ActivityId is null;

    public bool IsUpdate => Method == "PUT";

    public string? Type => Property("type");

    public string? Text => Property("text");

    /// <summary>The raw JSON of every attachment's <c>content</c> (cards), joined, for text assertions.</summary>
    public string AttachmentsJson => Body.TryGetProperty("attachments", out var attachments) ? attachments.GetRawText() : string.Empty;

    /// <summary>What the person sees: the text and the cards' visible text (never ids, URLs or button data).</summary>
    public string Visible => VisibleText.Of(Body);

    public string? Property(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
