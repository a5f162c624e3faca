using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations;

/// <summary>Queue position and estimated wait (the median wait of the handoffs connected in the last day).</summary>
public sealed class QueueEstimates(IHandoffQueries queries, IAuditLog audit)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    public async Task<int> PositionAsync(Conversation conversation, CancellationToken cancellationToken) =>
        1 + await queries.CountWaitingAheadAsync(conversation.Id, conversation.Priority, conversation.RequestedAt!.Value, cancellationToken);

    public async Task<TimeSpan> EstimatedWaitAsync(TimeSpan fallback, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waits = await audit.RecentWaitsAsync(now - Window, cancellationToken);
        return waits.Count == 0 ? fallback : TimeSpan.FromSeconds(Median(waits));
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile of <paramref name="values"/>; 0 for none.</summary>
    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
