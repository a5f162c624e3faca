using Handoff.Infrastructure.Persistence;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Conversations.ExpireTimeouts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Timeouts;

/// <summary>Sends <see cref="ExpireTimeoutsCommand"/> every scan interval (queue, user and agent timeouts).</summary>
public sealed class TimeoutScanner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TimeoutScanner> logger) : BackgroundService
{
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
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpireTimeoutsCommand(), stoppingToken);
                _outage.Reached();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
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
                return;
            }
        }
    }
}
