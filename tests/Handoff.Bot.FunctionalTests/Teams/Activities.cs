using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>A Teams user chatting 1:1 with the bot.</summary>
public sealed record TeamsPerson(string Id, string Name, string AadObjectId, string ConversationId, string TenantId = BotFrameworkFixture.TenantId);

/// <summary>Activities as the Bot Connector posts them (raw JSON, so the product's own model is not used to write its input).</summary>
public static class Activities
{
    public const string BotId = "28:" + BotFrameworkFixture.AppId;

    private static int s_sequence;

    public static TeamsPerson NewTeamsPerson(string name) =>
        new($"29:{Guid.NewGuid():N}", name, Guid.NewGuid().ToString(), $"a:{Guid.NewGuid():N};messageid=1");

    public static JsonObject TeamsMessage(string serviceUrl, TeamsPerson from, string? text, object? value = null, JsonArray? attachments = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"f:{Interlocked.Increment(ref s_sequence)}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = from.Id, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["conversation"] = new JsonObject { ["id"] = from.ConversationId, ["conversationType"] = "personal", ["tenantId"] = from.TenantId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Handoff" },
            ["text"] = text,
            ["locale"] = "en-US",
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["platform"] = "Web" }),
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = from.TenantId } },
            ["someFutureField"] = new JsonObject { ["kept"] = true },
        };
        if (value is not null)
        {
            activity["value"] = JsonSerializer.SerializeToNode(value);
        }

        if (attachments is not null)
        {
            activity["attachments"] = attachments;
        }

        return activity;
    }

    /// <summary>An end user on a Bot Connector channel (Web Chat through Azure Bot Service).</summary>
    public static JsonObject WebChatMessage(string serviceUrl, string userId, string userName, string conversationId, string text, string channelId = "webchat")
    {
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"w:{Interlocked.Increment(ref s_sequence)}",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = channelId,
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = userName },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["recipient"] = new JsonObject { ["id"] = "handoff-bot@abc", ["name"] = "Handoff" },
            ["text"] = text,
        };
    }

    /// <summary>The data of the first button of <paramref name="cardJson"/> that submits <paramref name="command"/>.</summary>
    public static JsonObject SubmitData(string cardJson, string command)
    {
        var found = Find(JsonNode.Parse(cardJson)!, command) ?? throw new InvalidOperationException($"No '{command}' button in {cardJson}");
        return found.DeepClone().AsObject();
    }

    private static JsonObject? Find(JsonNode node, string command)
    {
        switch (node)
        {
            case JsonObject obj when obj["command"]?.GetValueKind() == JsonValueKind.String && obj["command"]!.GetValue<string>() == command:
                return obj;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null && Find(child, command) is { } hit)
                    {
                        return hit;
                    }
                }

                return null;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null && Find(child, command) is { } hit)
                    {
                        return hit;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
