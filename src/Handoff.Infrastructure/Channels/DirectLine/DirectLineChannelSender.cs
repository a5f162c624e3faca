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
        var appended = await store.TryAppendAsync(message.To.ConversationId, DirectLineActivities.FromBot(message, options.Value), message.ActivityId, cancellationToken);
        return appended is null
            ? DeliveryResult.Permanent($"Unknown Direct Line conversation '{message.To.ConversationId}'.")
            : DeliveryResult.Delivered(appended.ActivityId);
    }
}
