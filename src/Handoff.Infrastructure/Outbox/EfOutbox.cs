using System.Text.Json;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Observability;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Outbox;

/// <summary>Adds outbound messages to the same unit of work as the state change that caused them.</summary>
internal sealed class EfOutbox(HandoffDbContext db, TimeProvider clock) : IOutbox
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Enqueue(OutboundMessage message)
    {
        var now = clock.GetUtcNow();
        db.OutboxMessages.Add(new OutboxMessage
        {
            ChannelId = message.To.ChannelId,
            OrderingKey = message.To.Key,
            PayloadJson = JsonSerializer.Serialize(message, Json),
            ActivityId = Guid.NewGuid().ToString("N"),
            CorrelationKey = message.CorrelationKey,
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = OutboxTelemetry.CurrentTraceParent(),
        });
    }

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
