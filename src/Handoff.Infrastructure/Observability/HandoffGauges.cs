using System.Diagnostics.Metrics;
using Handoff.Application.Common.Observability;
using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Observability;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>How often the gauges (queue, agents, live conversations, outbox) are read from the database.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>One reading of the database-backed gauges.</summary>
public sealed record GaugeReading(
    int QueueLength,
    IReadOnlyDictionary<AgentStatus, int> AgentsByStatus,
    int LiveConversations,
    int OutboxDepth,
    TimeSpan OutboxOldestAge)
{
    public static readonly GaugeReading Empty = new(0, new Dictionary<AgentStatus, int>(), 0, 0, TimeSpan.Zero);
}

/// <summary>
/// The observable gauges whose values live in the database. A scrape or export must never put a query on anyone's
/// path, so the callbacks return the last reading; this service takes a reading every <see cref="MetricsOptions.SampleInterval"/>
/// (on the <see cref="TimeProvider"/>, so tests move it) and tests can take one explicitly with <see cref="SampleAsync"/>.
/// </summary>
public sealed class HandoffGauges : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly IOptions<MetricsOptions> _options;
    private readonly ILogger<HandoffGauges> _logger;
    private readonly Meter _meter;
    private volatile GaugeReading _last = GaugeReading.Empty;

    public HandoffGauges(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MetricsOptions> options, IMeterFactory meters, ILogger<HandoffGauges> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _options = options;
        _logger = logger;

        // One meter per host (the factory disposes it with the host); same name as the static instruments.
        _meter = meters.Create(HandoffTelemetry.Name);
        _meter.CreateObservableGauge("handoff.queue.length", () => _last.QueueLength, "{user}", "Users waiting for an agent.");
        _meter.CreateObservableGauge("handoff.agents", ObserveAgents, "{agent}", "Signed-in agents by status (available, away).");
        _meter.CreateObservableGauge("handoff.conversations.live", () => _last.LiveConversations, "{conversation}", "Users connected to an agent.");
        _meter.CreateObservableGauge("handoff.outbox.depth", () => _last.OutboxDepth, "{message}", "Outbound messages not yet delivered nor dead-lettered.");
        _meter.CreateObservableGauge("handoff.outbox.oldest.age", () => _last.OutboxOldestAge.TotalSeconds, "s", "Age of the oldest undelivered outbound message.");
    }

    public GaugeReading Last => _last;

    /// <summary>Reads the gauges now; the next export reports this reading.</summary>
    public async Task<GaugeReading> SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var byState = await db.Conversations.AsNoTracking()
            .Where(c => c.State != ConversationState.Bot)
            .GroupBy(c => c.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var agents = await db.Agents.AsNoTracking()
            .Where(a => a.Status != AgentStatus.LoggedOut)
            .GroupBy(a => a.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var outbox = await OutboxBacklog.ReadAsync(db, _clock.GetUtcNow(), cancellationToken);

        var reading = new GaugeReading(
            byState.Where(s => s.State == ConversationState.Waiting).Sum(s => s.Count),
            agents.ToDictionary(a => a.Status, a => a.Count),
            byState.Where(s => s.State == ConversationState.Connected).Sum(s => s.Count),
            outbox.Depth,
            outbox.OldestAge);
        _last = reading;
        return reading;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.SampleInterval, _clock);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The readiness probe reports a database that is away; the gauges keep their last reading.
                _logger.LogWarning(ex, "Reading the gauges from the database failed; keeping the last reading.");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Measurement<int>> ObserveAgents()
    {
        var reading = _last;
        foreach (var status in new[] { AgentStatus.Available, AgentStatus.Away })
        {
            yield return new Measurement<int>(
                reading.AgentsByStatus.GetValueOrDefault(status),
                new KeyValuePair<string, object?>("handoff.agent.status", status.ToString().ToLowerInvariant()));
        }
    }
}

/// <summary>How many outbound messages wait, and since when: shared by the gauges and the readiness probe.</summary>
public static class OutboxBacklog
{
    public static async Task<(int Depth, TimeSpan OldestAge)> ReadAsync(HandoffDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null && m.DeadLetteredAt == null);
        var depth = await pending.CountAsync(cancellationToken);
        if (depth == 0)
        {
            return (0, TimeSpan.Zero);
        }

        // Two reads, and the dispatcher may deliver the last pending row between them: then nothing waits any more.
        var oldest = await pending.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return oldest is { } created ? (depth, created < now ? now - created : TimeSpan.Zero) : (0, TimeSpan.Zero);
    }
}
