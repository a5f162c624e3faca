using System.Text.Json;

namespace Handoff.TestSupport.BotConnector;

/// <summary>
/// Teams channel conversations (issue 14): <c>POST /v3/conversations</c> with <c>isGroup</c> and
/// <c>channelData.channel.id</c> starts a thread in that channel, answered as Teams does with the thread's conversation
/// id <c>{channel};messageid={root}</c> and the opening post's <c>activityId</c>.
/// </summary>
public sealed partial class FakeBotConnector
{
    /// <summary>True when a recorded request started a thread in a channel.</summary>
    public static bool IsThreadCreation(ConnectorRequest request) =>
        request.Method == "POST" && request.ConversationId is null && ChannelOf(request.Body) is not null;

    /// <summary>The channel a thread creation names (<c>channelData.channel.id</c>).</summary>
    public static string? ChannelOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object &&
        body.TryGetProperty("isGroup", out var group) && group.ValueKind == JsonValueKind.True &&
        body.TryGetProperty("channelData", out var data) && data.ValueKind == JsonValueKind.Object &&
        data.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.Object &&
        channel.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>The next thread creation (in any channel) gets this answer instead of success.</summary>
    public void FailNextThreadCreation(int status, string? retryAfter = null)
    {
        lock (_lock)
        {
            _failures.Add(((method, conversation) => method == "POST" && conversation is null, status, null, retryAfter));
        }
    }

    private static string CreatedConversationId(JsonElement body, int sequence) =>
        ChannelOf(body) is { } channel ? $"{channel};messageid={ThreadRootId(sequence)}" : $"a:created-{sequence}";

    private static string CreatedBody(JsonElement body, string returnedId, int sequence) =>
        ChannelOf(body) is not null
            ? JsonSerializer.Serialize(new { id = returnedId, activityId = ThreadRootId(sequence) })
            : JsonSerializer.Serialize(new { id = returnedId });

    private static string ThreadRootId(int sequence) => $"17{sequence:D11}";
}
