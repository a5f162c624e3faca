using System.Text.Json.Nodes;

namespace Handoff.Application.Common.Cards;

/// <summary>
/// Builds Adaptive Card 1.5 JSON (rendered by Teams and Web Chat). Small on purpose: text blocks, facts and
/// <c>Action.Submit</c> / <c>Action.OpenUrl</c> buttons are all Handoff needs.
/// </summary>
public sealed class AdaptiveCardBuilder
{
    public const string Version = "1.5";

    private readonly JsonArray _body = [];
    private readonly JsonArray _actions = [];

    public AdaptiveCardBuilder Title(string text) => Add(new JsonObject
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["weight"] = "Bolder",
        ["size"] = "Medium",
        ["wrap"] = true,
    });

    public AdaptiveCardBuilder Text(string text, bool subtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (subtle)
        {
            block["isSubtle"] = true;
        }

        return Add(block);
    }

    public AdaptiveCardBuilder Facts(IEnumerable<(string Title, string Value)> facts)
    {
        var set = new JsonArray();
        foreach (var (title, value) in facts)
        {
            set.Add(new JsonObject { ["title"] = title, ["value"] = value });
        }

        return set.Count == 0 ? this : Add(new JsonObject { ["type"] = "FactSet", ["facts"] = set });
    }

    /// <summary>A button whose press arrives as a message with <c>value</c> = {"command": ..., ...data}.</summary>
    public AdaptiveCardBuilder SubmitButton(string title, string command, params (string Key, string Value)[] data)
    {
        var payload = new JsonObject { ["command"] = command };
        foreach (var (key, value) in data)
        {
            payload[key] = value;
        }

        _actions.Add(new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = payload });
        return this;
    }

    public AdaptiveCardBuilder OpenUrlButton(string title, string url)
    {
        _actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url });
        return this;
    }

    public JsonObject Build()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = _body.DeepClone(),
        };
        if (_actions.Count > 0)
        {
            card["actions"] = _actions.DeepClone();
        }

        return card;
    }

    public string ToJson() => Build().ToJsonString();

    private AdaptiveCardBuilder Add(JsonObject element)
    {
        _body.Add(element);
        return this;
    }
}
