using System.Text.Json;

namespace Handoff.Application.Common.Messaging;

/// <summary>A card button press: <c>value</c> = {"command": ..., other fields}. Handled exactly like the typed command.</summary>
public sealed record CardSubmission(string Command, IReadOnlyDictionary<string, string> Data)
{
    public string? this[string key] => Data.TryGetValue(key, out var value) ? value : null;

    /// <summary>The submission in <paramref name="valueJson"/>, or null when it carries no <c>command</c>.</summary>
    public static CardSubmission? Parse(string? valueJson)
    {
        if (string.IsNullOrWhiteSpace(valueJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(valueJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("command", out var command) ||
                command.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var data = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    data[property.Name] = property.Value.ToString();
                }
            }

            return new CardSubmission(command.GetString()!.Trim().ToLowerInvariant(), data);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
