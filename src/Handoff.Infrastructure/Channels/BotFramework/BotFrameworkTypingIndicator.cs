using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>
/// Shows typing on a Bot Framework channel (Teams shows "… is typing" in the chat): one <c>typing</c> activity posted
/// straight to the Bot Connector, not through the outbox. Best-effort: it waits a few seconds at most, is never retried,
/// and a failure is logged at Debug only. An address without a conversation (a proactive one not yet created) gets none.
/// </summary>
public sealed class BotFrameworkTypingIndicator(BotConnectorClient connector, ILogger<BotFrameworkTypingIndicator> logger) : ITypingIndicator
{
    /// <summary>Longer than this, the indicator would show after the person it announces has written.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task ShowTypingAsync(ChannelAddress to, string? typistName, CancellationToken cancellationToken)
    {
        if (!BotConnectorClient.IsAllowedServiceUrl(to.ServiceUrl) || string.IsNullOrEmpty(to.ConversationId))
        {
            return;
        }

        var activity = new Activity
        {
            Type = ActivityTypes.Typing,
            ChannelId = to.ChannelId,
            From = new ChannelAccount { Id = to.BotId, Name = typistName },
            Recipient = new ChannelAccount { Id = to.UserId },
            Conversation = new ConversationAccount { Id = to.ConversationId, TenantId = to.TenantId },
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var response = await connector.SendToConversationAsync(to.ServiceUrl!, to.ConversationId, activity, timeout.Token);
            if (!response.IsSuccess)
            {
                logger.LogDebug("The Bot Connector refused a typing indicator: {Status}", (int)response.Status);
            }
        }
        catch (Exception ex) when ((ex is HttpRequestException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug("A typing indicator was not delivered: {Reason}", ex.GetType().Name);
        }
    }
}
