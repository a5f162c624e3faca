using Handoff.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Runs the dispatcher: at once when a save added messages or a conversation's delivery ended, and every poll interval
/// for due retries. A pass only starts deliveries (it never waits for them), so a hung conversation never stops the loop.
/// </summary>
public sealed class OutboxDispatcherService(
    OutboxDispatcher dispatcher,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    private readonly DatabaseOutageLog _outage = new(logger, "The outbox dispatcher");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.StartDueAsync(stoppingToken);
                _outage.Reached();
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The stop cancelled the deliveries in flight; let them record what they finished before the host ends.
                await dispatcher.WhenInFlightEndedAsync();
                return;
            }
            catch (Exception ex)
            {
                if (!_outage.Report(ex))
                {
                    logger.LogError(ex, "The outbox dispatcher failed; it will try again.");
                }

                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }
}
