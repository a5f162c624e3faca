using Handoff.Application.Conversations;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Management.GetCharts;

/// <summary>The /admin charts: the last 24 hours, hour by hour, rebuilt from stored data (audit log and outbox).</summary>
public sealed record GetChartsQuery : IQuery<ChartsDto>;

public sealed record ChartsDto(DateTimeOffset At, IReadOnlyList<HourDto> Hours);

/// <summary>
/// One hour: the longest the queue got (<see cref="PeakQueueLength"/>), how many users an agent connected to and
/// their median wait (seconds, null without connects), messages delivered and messages that finally failed.
/// </summary>
public sealed record HourDto(DateTimeOffset Start, int PeakQueueLength, int Connected, double? MedianWaitSeconds, int Deliveries, int Failures);

/// <summary>Delivered outbound messages per hour (a count in the database, not rows in memory).</summary>
public interface IDeliveryHistory
{
    /// <summary>Deliveries in each of <paramref name="hours"/> hours from <paramref name="from"/>.</summary>
    Task<IReadOnlyList<int>> DeliveriesPerHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken);
}

public sealed class GetChartsQueryHandler(IManagementQueries queries, IDeliveryHistory deliveries, TimeProvider clock) : IQueryHandler<GetChartsQuery, ChartsDto>
{
    public const int Hours = 24;

    private static readonly AuditType[] s_counted =
        [AuditType.HandoffRequested, AuditType.AgentConnected, AuditType.HandoffTimedOut, AuditType.HandoffCancelled, AuditType.DeliveryFailed];

    public async ValueTask<ChartsDto> Handle(GetChartsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var from = currentHour.AddHours(-(Hours - 1));
        var events = (await queries.AuditEventsSinceAsync(s_counted, from, cancellationToken)).OrderBy(e => e.At).ToList();
        var waitingNow = (await queries.CountConversationsByStateAsync(cancellationToken)).GetValueOrDefault(ConversationState.Waiting);
        var delivered = await deliveries.DeliveriesPerHourAsync(from, Hours, cancellationToken);

        // The queue at the window's start is today's queue minus everything that joined or left it since.
        var queue = Math.Max(0, waitingNow - events.Sum(QueueChange));
        var hours = new List<HourDto>(Hours);
        for (var hour = 0; hour < Hours; hour++)
        {
            var start = from.AddHours(hour);
            var inHour = events.Where(e => e.At >= start && e.At < start.AddHours(1)).ToList();
            var peak = queue;
            foreach (var e in inHour)
            {
                queue = Math.Max(0, queue + QueueChange(e));
                peak = Math.Max(peak, queue);
            }

            var waits = inHour.Where(e => e.Type == AuditType.AgentConnected && e.WaitSeconds is not null).Select(e => e.WaitSeconds!.Value).ToList();
            hours.Add(new HourDto(
                start,
                peak,
                inHour.Count(e => e.Type == AuditType.AgentConnected),
                waits.Count == 0 ? null : Math.Round(QueueEstimates.Median(waits), 1),
                delivered[hour],
                inHour.Count(e => e.Type == AuditType.DeliveryFailed)));
        }

        return new ChartsDto(now, hours);
    }

    private static int QueueChange(AuditEvent e) => e.Type switch
    {
        AuditType.HandoffRequested => 1,
        AuditType.AgentConnected or AuditType.HandoffTimedOut or AuditType.HandoffCancelled => -1,
        _ => 0,
    };
}
