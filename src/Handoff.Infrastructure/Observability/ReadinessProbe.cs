using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Observability;

/// <summary>The <c>Health</c> configuration section.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Readiness fails while an undelivered outbound message is older than this: delivery is stuck.</summary>
    public TimeSpan OutboxStalledAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The answer of <c>/health/ready</c>: each check with <c>ok</c> or what is wrong.</summary>
public sealed record Readiness(bool IsReady, string Database, string Migrations, string Outbox);

/// <summary>
/// Whether this instance should get traffic: the database answers, every migration is applied, and the outbox is
/// moving (its oldest undelivered message is younger than <see cref="HealthOptions.OutboxStalledAfter"/>).
/// </summary>
public sealed class ReadinessProbe(HandoffDbContext db, TimeProvider clock, IOptions<HealthOptions> options)
{
    public async Task<Readiness> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return new Readiness(false, "unreachable", "unknown", "unknown");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            var (depth, oldestAge) = await OutboxBacklog.ReadAsync(db, clock.GetUtcNow(), cancellationToken);
            var stalled = depth > 0 && oldestAge > options.Value.OutboxStalledAfter;
            return new Readiness(
                pending == 0 && !stalled,
                "ok",
                pending == 0 ? "ok" : $"{pending} pending",
                stalled ? $"stalled: oldest undelivered message is {(int)oldestAge.TotalSeconds} s old" : "ok");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // A database file that vanished or is not a database: not ready, whatever else.
            return new Readiness(false, "unreachable", "unknown", "unknown");
        }
    }
}
