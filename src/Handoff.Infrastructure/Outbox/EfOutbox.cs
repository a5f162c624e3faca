using System.Text.Json;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Observability;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Adds outbound messages to the same unit of work as the state change that caused them. A message to a channel in this
/// database (<see cref="IStagedChannelSender"/>: the embedded Direct Line) is also delivered by that save, when nothing
/// of its conversation waits before it (ADR-046): its row is written already delivered, in the same transaction, and
/// the dispatcher never reads it. Anything else (a conversation with rows pending, an unknown conversation, a
/// replacement, a channel thread) is left to the dispatcher, in order.
/// </summary>
internal sealed class EfOutbox(HandoffDbContext db, ChannelSenders senders, IServiceProvider scope, TimeProvider clock) : IOutbox
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // This scope's rows in the order they were enqueued: a row delivered by the save waits for the earlier ones.
    private readonly List<OutboxMessage> _enqueued = [];

    public void Enqueue(OutboundMessage message)
    {
        var now = clock.GetUtcNow();
        var row = new OutboxMessage
        {
            ChannelId = message.To.ChannelId,
            OrderingKey = message.To.Key,
            PayloadJson = JsonSerializer.Serialize(message, Json),
            ActivityId = Guid.NewGuid().ToString("N"),
            CorrelationKey = message.CorrelationKey,
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = OutboxTelemetry.CurrentTraceParent(),
        };
        db.OutboxMessages.Add(row);
        _enqueued.Add(row);
        if (message.ReplacesCorrelationKey is null && message.CreateThreadInChannel is null
            && !AgentThreads.TryReadPlaceholder(message.To.ConversationId, out _)
            && senders.For(message.To) is IStagedChannelSender sender)
        {
            DeliverInSave(row, message with { ActivityId = row.ActivityId }, sender);
        }
    }

    /// <summary>
    /// Enlists the delivery of <paramref name="row"/> in the next save, which writes the row already delivered. The step
    /// does nothing when the row is no longer to be written (a conflict retry discarded it and enqueues it again) or
    /// when an earlier message of its conversation is still pending, in the database or in this save.
    /// </summary>
    private void DeliverInSave(OutboxMessage row, OutboundMessage message, IStagedChannelSender sender)
    {
        var delivered = false;
        db.EnlistInNextSave(
            async (context, cancellationToken) =>
            {
                delivered = false;
                if (context.Entry(row).State != EntityState.Added || WaitsBehindThisScope(context, row)
                    || await context.OutboxMessages.AnyAsync(m => m.OrderingKey == row.OrderingKey && m.DeliveredAt == null && m.DeadLetteredAt == null, cancellationToken))
                {
                    return;
                }

                row.Attempts = 1;
                using var span = OutboxTelemetry.StartDelivery(row, message);
                if (await sender.DeliverInSaveAsync(scope, message, cancellationToken) is { Status: DeliveryStatus.Delivered } result)
                {
                    row.DeliveredAt = clock.GetUtcNow();
                    row.ChannelActivityId = result.ActivityId;
                    delivered = true;
                }
                else
                {
                    row.Attempts = 0;
                }
            },
            () =>
            {
                if (delivered)
                {
                    sender.DeliveredInSave(scope, message);
                    OutboxTelemetry.Delivered(row, clock.GetUtcNow());
                }
            });
    }

    private bool WaitsBehindThisScope(HandoffDbContext context, OutboxMessage row) =>
        _enqueued.TakeWhile(earlier => earlier != row)
            .Any(earlier => earlier.OrderingKey == row.OrderingKey && earlier.IsPending && context.Entry(earlier).State == EntityState.Added);

    public async Task<IReadOnlyList<string>> FindCorrelationKeysAsync(string prefix, CancellationToken cancellationToken) =>
        await db.OutboxMessages.AsNoTracking()
            .Where(m => m.CorrelationKey != null && m.CorrelationKey.StartsWith(prefix))
            .Select(m => m.CorrelationKey!)
            .Distinct()
            .ToListAsync(cancellationToken);

    public async Task<ChannelAddress?> FindAddressAsync(string correlationKey, CancellationToken cancellationToken)
    {
        var payload = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.CorrelationKey == correlationKey)
            .OrderBy(m => m.Id)
            .Select(m => m.PayloadJson)
            .FirstOrDefaultAsync(cancellationToken);
        return payload is null ? null : JsonSerializer.Deserialize<OutboundMessage>(payload, Json)?.To;
    }
}
