using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Bot.Teams;

/// <summary>
/// The Teams app package: <c>manifest.json</c> (schema 1.17, the bot in personal scope with its command list, and in
/// team scope for the agent channel mode, @mention only: no resource-specific consent, ADR-037) and the
/// two icons, zipped ready to upload in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.
/// </summary>
public static class TeamsManifest
{
    public const string ManifestVersion = "1.17";

    public static readonly IReadOnlyList<(string Title, string Description)> Commands =
    [
        ("login", "Sign in as an agent and start taking conversations"),
        ("list", "Show waiting and connected conversations"),
        ("connect", "Connect to the next waiting user (or: connect <id>)"),
        ("disconnect", "End the current conversation"),
        ("meeting", "Invite the connected user to a Teams meeting"),
        ("help", "List the agent commands"),
    ];

    /// <summary>What an agent types (after @Handoff) in a user's thread of the agent channel.</summary>
    public static readonly IReadOnlyList<(string Title, string Description)> ThreadCommands =
    [
        ("disconnect", "End the conversation with this thread's user"),
        ("meeting", "Invite this thread's user to a Teams meeting"),
    ];

    public static JsonObject Create(string appId, string websiteUrl, string privacyUrl, string termsUrl, string version = "1.0.0") => new()
    {
        ["$schema"] = $"https://developer.microsoft.com/en-us/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
        ["manifestVersion"] = ManifestVersion,
        ["version"] = version,
        ["id"] = appId,
        ["developer"] = new JsonObject
        {
            ["name"] = "Handoff",
            ["websiteUrl"] = websiteUrl,
            ["privacyUrl"] = privacyUrl,
            ["termsOfUseUrl"] = termsUrl,
        },
        ["name"] = new JsonObject { ["short"] = "Handoff", ["full"] = "Handoff — live agent handoff" },
        ["description"] = new JsonObject
        {
            ["short"] = "Take over chatbot conversations as a live agent.",
            ["full"] = "Handoff lets agents in Microsoft Teams take over conversations from a chatbot: sign in with login, get notified of waiting users, connect, chat, start a Teams meeting and disconnect. Installed in a team, each waiting user gets a thread in the agent channel.",
        },
        ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
        ["accentColor"] = "#4F52B2",
        ["bots"] = new JsonArray(new JsonObject
        {
            ["botId"] = appId,
            ["scopes"] = new JsonArray("personal", "team"),
            ["supportsFiles"] = false,
            ["isNotificationOnly"] = false,
            ["commandLists"] = new JsonArray(
                new JsonObject
                {
                    ["scopes"] = new JsonArray("personal"),
                    ["commands"] = new JsonArray([.. Commands.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]),
                },
                new JsonObject
                {
                    ["scopes"] = new JsonArray("team"),
                    ["commands"] = new JsonArray([.. ThreadCommands.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]),
                }),
        }),
        ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
        ["validDomains"] = new JsonArray(),
    };

    /// <summary>Writes the zip: manifest.json, color.png (192×192), outline.png (32×32, white on transparent).</summary>
    public static void WritePackage(Stream output, JsonObject manifest)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));
        Add(zip, "color.png", SolidColorPng.Create(192, (0x4F, 0x52, 0xB2, 0xFF), (0xFF, 0xFF, 0xFF, 0xFF), 0.4));
        Add(zip, "outline.png", SolidColorPng.Create(32, (0, 0, 0, 0), (0xFF, 0xFF, 0xFF, 0xFF), 0.5));
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(content);
    }
}
