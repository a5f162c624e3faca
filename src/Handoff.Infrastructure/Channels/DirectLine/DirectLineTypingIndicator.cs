using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Shows typing in an embedded Direct Line conversation: a <c>typing</c> activity from the bot, pushed to the
/// conversation's open streams and never appended to its log (so no watermark moves, and a reconnect does not replay
/// it). Web Chat renders its own indicator for it. Without an open stream on this instance, nobody sees it.
/// </summary>
public sealed class DirectLineTypingIndicator(IStreamWakeUps streams, IOptions<DirectLineOptions> options, TimeProvider clock, ILogger<DirectLineTypingIndicator> logger) : ITypingIndicator
{
    public Task ShowTypingAsync(ChannelAddress to, string? typistName, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "typing",
            ["id"] = $"{to.ConversationId}|typing-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            ["timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["channelId"] = DirectLineActivities.ChannelId,
            ["conversation"] = new JsonObject { ["id"] = to.ConversationId },
            ["from"] = new JsonObject { ["id"] = options.Value.BotId, ["name"] = typistName ?? options.Value.BotName, ["role"] = "bot" },
            ["recipient"] = new JsonObject { ["id"] = to.UserId, ["role"] = "user" },
        };
        var streamsReached = streams.Push(to.ConversationId, activity.ToJsonString());
        logger.LogDebug("Typing shown on {Streams} open stream(s) of a Direct Line conversation", streamsReached);
        return Task.CompletedTask;
    }
}
