using Handoff.Application.Management.GetCharts;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Observability;

/// <summary>Counts delivered outbox messages per hour in SQL (times are stored as UTC ticks, see <see cref="DateTimeOffsetToUtcTicksConverter"/>).</summary>
internal sealed class DeliveryHistory(HandoffDbContext db) : IDeliveryHistory
{
    public async Task<IReadOnlyList<int>> DeliveriesPerHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken)
    {
        var start = from.UtcTicks;
        var end = from.AddHours(hours).UtcTicks;
        var rows = await db.Database
            // Cast to INTEGER: the same SQL for Sqlite and PostgreSQL, where both expressions would otherwise be bigint.
            .SqlQuery<HourCount>($"""
                SELECT CAST(("DeliveredAt" - {start}) / {TimeSpan.TicksPerHour} AS INTEGER) AS "Hour", CAST(COUNT(*) AS INTEGER) AS "Count"
                FROM "OutboxMessages"
                WHERE "DeliveredAt" >= {start} AND "DeliveredAt" < {end}
                GROUP BY 1
                """)
            .ToListAsync(cancellationToken);
        var counts = new int[hours];
        foreach (var row in rows)
        {
            counts[row.Hour] = row.Count;
        }

        return counts;
    }

    private sealed record HourCount(int Hour, int Count);
}
