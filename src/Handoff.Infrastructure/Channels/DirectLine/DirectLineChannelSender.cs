using Handoff.Application.Common.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Delivers outbox messages to embedded Direct Line conversations: appends the bot's activity to the persisted log,
/// which wakes the open streams. An update of an earlier message cannot be shown by Web Chat, so a replacement is
/// appended as a new activity. Retries and ordering are the outbox's job; a resend (same activity id) is answered with
/// the activity already in the log instead of a second copy.
/// </summary>
public sealed class DirectLineChannelSender(IServiceScopeFactory scopes, IOptions<DirectLineOptions> options) : IChannelSender
{
    public async Task<DeliveryResult> SendAsync(OutboundMessage message, string? replacesActivityId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DirectLineStore>();
        if (await store.FindConversationAsync(message.To.ConversationId, cancellationToken) is null)
        {
            return DeliveryResult.Permanent($"Unknown Direct Line conversation '{message.To.ConversationId}'.");
        }

        var appended = await store.AppendAsync(message.To.ConversationId, DirectLineActivities.FromBot(message, options.Value), message.ActivityId, cancellationToken);
        return DeliveryResult.Delivered(appended.ActivityId);
    }
}
