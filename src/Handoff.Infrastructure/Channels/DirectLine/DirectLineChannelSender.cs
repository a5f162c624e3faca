using Handoff.Application.Common.Messaging;
using Handoff.Infrastructure.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Delivers outbox messages to embedded Direct Line conversations: appends the bot's activity to the persisted log,
/// which wakes the open streams. The dispatcher stages the append in the save that marks the row delivered
/// (<see cref="Stage"/>, ADR-042); <see cref="SendAsync"/> appends in a transaction of its own. An update of an earlier
/// message cannot be shown by Web Chat, so a replacement is appended as a new activity. Retries and ordering are the
/// outbox's job; a resend (same activity id) is answered with the activity already in the log instead of a second copy.
/// </summary>
public sealed class DirectLineChannelSender(IServiceScopeFactory scopes, IOptions<DirectLineOptions> options) : IStagedChannelSender
{
    public async Task<DeliveryResult> SendAsync(OutboundMessage message, string? replacesActivityId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DirectLineStore>();
        return ResultOf(message, await store.TryAppendAsync(message.To.ConversationId, DirectLineActivities.FromBot(message, options.Value), message.ActivityId, cancellationToken));
    }

    public void Stage(IServiceProvider scope, OutboundMessage message, Action<DeliveryResult> outcome)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(outcome);
        var deliveryId = message.ActivityId ?? throw new ArgumentException("An outbox message carries its activity id.", nameof(message));
        scope.GetRequiredService<DirectLineStore>().StageDelivery(
            message.To.ConversationId, DirectLineActivities.FromBot(message, options.Value), deliveryId, appended => outcome(ResultOf(message, appended)));
    }

    private static DeliveryResult ResultOf(OutboundMessage message, AppendedActivity? appended) =>
        appended is null
            ? DeliveryResult.Permanent($"Unknown Direct Line conversation '{message.To.ConversationId}'.")
            : DeliveryResult.Delivered(appended.ActivityId);
}
