using Handoff.Application.Conversations;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Management.GetStatistics;

/// <summary>Queue statistics: who is waiting and connected now, agents online, and wait times and outcomes over the last hour and day.</summary>
public sealed record GetStatisticsQuery : IQuery<StatisticsDto>;

public sealed record StatisticsDto(
    DateTimeOffset At, int Waiting, int Connected, int AgentsAvailable, int AgentsAway, WindowStatisticsDto LastHour, WindowStatisticsDto LastDay);

/// <summary>Waits are in seconds: the median and 90th percentile of the waits of users an agent connected to in the window.</summary>
public sealed record WindowStatisticsDto(int HandoffsConnected, int HandoffsCompleted, int QueueTimeouts, int HandoffsCancelled, double MedianWaitSeconds, double P90WaitSeconds);

public sealed class GetStatisticsQueryHandler(IManagementQueries queries, TimeProvider clock) : IQueryHandler<GetStatisticsQuery, StatisticsDto>
{
    private static readonly AuditType[] s_counted = [AuditType.AgentConnected, AuditType.HandoffEnded, AuditType.HandoffTimedOut, AuditType.HandoffCancelled];

    public async ValueTask<StatisticsDto> Handle(GetStatisticsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var conversations = await queries.CountConversationsByStateAsync(cancellationToken);
        var agents = await queries.CountAgentsByStatusAsync(cancellationToken);
        var events = await queries.AuditEventsSinceAsync(s_counted, now - TimeSpan.FromDays(1), cancellationToken);
        return new StatisticsDto(
            now,
            conversations.GetValueOrDefault(ConversationState.Waiting),
            conversations.GetValueOrDefault(ConversationState.Connected),
            agents.GetValueOrDefault(AgentStatus.Available),
            agents.GetValueOrDefault(AgentStatus.Away),
            Window(events.Where(e => e.At >= now - TimeSpan.FromHours(1)).ToList()),
            Window(events));
    }

    private static WindowStatisticsDto Window(IReadOnlyList<AuditEvent> events)
    {
        var waits = events.Where(e => e.Type == AuditType.AgentConnected && e.WaitSeconds is not null).Select(e => e.WaitSeconds!.Value).ToList();
        return new WindowStatisticsDto(
            events.Count(e => e.Type == AuditType.AgentConnected),
            events.Count(e => e.Type == AuditType.HandoffEnded),
            events.Count(e => e.Type == AuditType.HandoffTimedOut),
            events.Count(e => e.Type == AuditType.HandoffCancelled),
            Math.Round(QueueEstimates.Median(waits), 1),
            Math.Round(QueueEstimates.Percentile(waits, 0.9), 1));
    }
}
