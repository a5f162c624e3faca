using Handoff.Infrastructure.Persistence;
using Handoff.Application.Privacy;
using Handoff.Application.Privacy.ApplyRetention;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Retention;

/// <summary>Sends <see cref="ApplyRetentionCommand"/> at start and then every <c>Retention:Interval</c>, on the injected clock.</summary>
public sealed class RetentionService(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionService> logger) : BackgroundService
{
    private readonly DatabaseOutageLog _outage = new(logger, "Retention");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ApplyRetentionCommand(), stoppingToken);
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
                    logger.LogError(ex, "Applying retention failed; trying again at the next interval.");
                }

            }

            try
            {
                await Task.Delay(options.Value.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
