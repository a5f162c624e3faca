using System.Net;
using System.Text.Json;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>
/// Delivers outbound messages to Bot Framework channels (Teams, and any channel reached through the Bot Connector):
/// the addresses that carry a verified service URL (channel key <see cref="ChannelSenders.BotConnector"/>). Maps HTTP outcomes to delivery results; retrying is the outbox's job.
/// </summary>
public sealed class BotFrameworkChannelSender(BotConnectorClient connector) : IChannelSender
{
    private const string TeamsChannel = "msteams";

    /// <summary>
    /// Where a send carries the outbox's stable activity id (ADR-035): the connector assigns the activity's own
    /// <c>id</c>, so the id that is the same on every attempt travels in <c>channelData</c>, which channels pass on.
    /// </summary>
    public const string DeliveryIdProperty = "handoffDeliveryId";

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, string? replacesActivityId, CancellationToken cancellationToken)
    {
        var to = message.To;
        if (!BotConnectorClient.IsAllowedServiceUrl(to.ServiceUrl))
        {
            return DeliveryResult.Permanent($"The service URL of {to.Key} is not https.");
        }

        try
        {
            if (message.CreateThreadInChannel is { } channelId)
            {
                return await CreateThreadAsync(message, channelId, cancellationToken);
            }

            var conversationId = to.ConversationId;
            if (string.IsNullOrEmpty(conversationId) || AgentThreads.IsOneToOnePlaceholder(conversationId))
            {
                var created = await connector.CreateConversationAsync(to.ServiceUrl!, CreateParameters(to), cancellationToken);
                if (!created.IsSuccess || string.IsNullOrEmpty(created.Id))
                {
                    return Map(created);
                }

                conversationId = created.Id;
            }

            var activity = ToActivity(message, conversationId);
            var response = replacesActivityId is null
                ? await connector.SendToConversationAsync(to.ServiceUrl!, conversationId, activity, cancellationToken)
                : await connector.UpdateActivityAsync(to.ServiceUrl!, conversationId, replacesActivityId, activity, cancellationToken);
            return Map(response, replacesActivityId);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"Timed out: {ex.Message}");
        }
    }

    /// <summary>
    /// Teams channel mode (ADR-037): a new thread in a channel, the way BotBuilder's
    /// <c>TeamsInfo.SendMessageToTeamsChannelAsync</c> starts one: <c>POST /v3/conversations</c> with <c>isGroup</c>,
    /// <c>channelData.channel</c> and the opening activity. Teams answers the thread's conversation id
    /// (<c>19:...;messageid=...</c>) and the opening post's activity id (kept so its card can be updated).
    /// </summary>
    private async Task<DeliveryResult> CreateThreadAsync(OutboundMessage message, string channelId, CancellationToken cancellationToken)
    {
        var to = message.To;
        var tenant = to.TenantId is { Length: > 0 } id ? new { id } : null;
        var parameters = new ConversationParameters
        {
            IsGroup = true,
            Bot = new ChannelAccount { Id = to.BotId },
            TenantId = to.TenantId,
            ChannelData = JsonSerializer.SerializeToElement(new { channel = new { id = channelId }, tenant }, BotJson.Options),
            Activity = ToActivity(message, channelId),
        };
        parameters.Activity.Conversation = null;
        parameters.Activity.Recipient = null;
        var response = await connector.CreateConversationAsync(to.ServiceUrl!, parameters, cancellationToken);
        if (!response.IsSuccess)
        {
            return Map(response);
        }

        var created = ReadCreated(response.Body);
        if (string.IsNullOrEmpty(created?.Id))
        {
            return DeliveryResult.Permanent("The Bot Connector created a conversation without an id.");
        }

        return DeliveryResult.Delivered(created.ActivityId ?? string.Empty) with { ConversationId = created.Id };
    }

    private static ConversationResourceResponse? ReadCreated(string? body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<ConversationResourceResponse>(body, BotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The activity the bot posts: no id, timestamp or service URL (the channel assigns them); the outbox's stable id,
    /// when there is one, in <c>channelData</c> (<see cref="DeliveryIdProperty"/>).
    /// </summary>
    public static Activity ToActivity(OutboundMessage message, string conversationId)
    {
        var to = message.To;
        var activity = new Activity
        {
            Type = message.EventName is null ? ActivityTypes.Message : ActivityTypes.Event,
            ChannelId = to.ChannelId,
            From = new ChannelAccount { Id = to.BotId, Name = message.SenderName },
            Recipient = new ChannelAccount { Id = to.UserId },
            Conversation = new ConversationAccount { Id = conversationId, TenantId = to.TenantId },
        };

        var tenant = message.EventName is null && to.ChannelId == TeamsChannel && to.TenantId is { Length: > 0 } id ? id : null;
        activity.ChannelData = ChannelData(tenant, message.ActivityId);
        if (message.EventName is not null)
        {
            activity.Name = message.EventName;
            activity.Value = message.EventValueJson is null ? null : JsonElement.Parse(message.EventValueJson);
            return activity;
        }

        activity.Text = message.Text;
        activity.TextFormat = message.Text is null ? null : "markdown";
        activity.Attachments = message.Attachments.Count == 0 ? null : [.. message.Attachments.Select(ToAttachment)];
        return activity;
    }

    private static JsonElement? ChannelData(string? tenant, string? deliveryId)
    {
        if (tenant is null && deliveryId is null)
        {
            return null;
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (tenant is not null)
        {
            data["tenant"] = new { id = tenant };
        }

        if (deliveryId is not null)
        {
            data[DeliveryIdProperty] = deliveryId;
        }

        return JsonSerializer.SerializeToElement(data);
    }

    private static Attachment ToAttachment(OutboundAttachment attachment) => new()
    {
        ContentType = attachment.ContentType,
        Content = attachment.ContentJson is null ? null : JsonElement.Parse(attachment.ContentJson),
        ContentUrl = attachment.ContentUrl,
        Name = attachment.Name,
    };

    private static ConversationParameters CreateParameters(ChannelAddress to) => new()
    {
        IsGroup = false,
        Bot = new ChannelAccount { Id = to.BotId },
        Members = [new ChannelAccount { Id = to.UserId }],
        TenantId = to.TenantId,
        ChannelData = to.TenantId is null ? null : JsonSerializer.SerializeToElement(new { tenant = new { id = to.TenantId } }),
    };

    private static DeliveryResult Map(ConnectorResponse response, string? replacedActivityId = null)
    {
        var status = (int)response.Status;
        if (response.IsSuccess)
        {
            // Some channels answer an empty body; an update keeps the id it replaced.
            return DeliveryResult.Delivered(response.Id ?? replacedActivityId ?? string.Empty);
        }

        var error = $"{status} {response.Status}: {Explain(response.Status)}{Shorten(response.Body)}";
        return response.Status switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.RequestTimeout => DeliveryResult.Transient(error, response.RetryAfter),
            HttpStatusCode.Forbidden when response.Body?.Contains("MessageWritesBlocked", StringComparison.Ordinal) == true => DeliveryResult.Blocked(error),
            _ when status >= 500 => DeliveryResult.Transient(error, response.RetryAfter),
            _ => DeliveryResult.Permanent(error),
        };
    }

    /// <summary>What a refusal that is never retried means, so the dead letter names its cause without the connector's docs.</summary>
    private static string Explain(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "the Bot Connector refused the bot's token (check Bot:MicrosoftAppId, its secret and tenant). ",
        HttpStatusCode.NotFound => "the conversation or activity does not exist at the channel (removed, or the bot was uninstalled). ",
        _ => string.Empty,
    };

    private static string Shorten(string? body) => body is { Length: > 500 } ? body[..500] : body ?? string.Empty;
}
