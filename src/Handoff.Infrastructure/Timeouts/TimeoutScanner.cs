using Handoff.Infrastructure.Persistence;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Conversations.ExpireTimeouts;
using Handoff.Infrastructure.Cluster;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Timeouts;

/// <summary>
/// Sends <see cref="ExpireTimeoutsCommand"/> every scan interval (queue, user and agent timeouts), on one instance of
/// those sharing the database: the one holding the <see cref="LeaseName"/> lease (<see cref="OncePerPeriod"/>). Two
/// scans of one conversation would still expire it once (its version is checked on save), the lease spares the work
/// and the conflicts.
/// </summary>
public sealed class TimeoutScanner(IServiceScopeFactory scopes, OncePerPeriod duty, TimeProvider clock, ILogger<TimeoutScanner> logger) : BackgroundService
{
    public const string LeaseName = "timeout-scanner";

    private readonly DatabaseOutageLog _outage = new(logger, "The timeout scanner");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromSeconds(15);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                interval = (await scope.ServiceProvider.GetRequiredService<IHandoffSettings>().GetAsync(stoppingToken)).Handoff.Timeouts.ScanInterval;
                if (await duty.IsMineAsync(LeaseName, interval, stoppingToken))
                {
                    await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpireTimeoutsCommand(), stoppingToken);
                }

                _outage.Reached();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await duty.StepDownAsync(LeaseName);
                return;
            }
            catch (Exception ex)
            {
                if (!_outage.Report(ex))
                {
                    logger.LogError(ex, "Expiring timeouts failed; trying again at the next scan.");
                }
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                await duty.StepDownAsync(LeaseName);
                return;
            }
        }
    }
}
