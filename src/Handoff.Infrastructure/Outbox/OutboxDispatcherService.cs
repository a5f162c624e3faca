using System.Diagnostics;
using Handoff.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Runs the dispatcher: at once when a save added messages or a conversation's delivery ended, and every poll interval
/// for due retries. A pass only starts deliveries (it never waits for them), so a hung conversation never stops the loop.
/// </summary>
/// <remarks>
/// A save that added rows only to conversations this instance is delivering right now starts no pass: each of those
/// turns wakes the loop when it ends (after it stopped counting as in flight), and the next pass finds the new rows
/// then. The poll still runs on time, however many such wake-ups come in between.
/// </remarks>
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
                await WaitForWorkAsync(stoppingToken);
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

    /// <summary>Returns at the poll interval, or at the first wake-up that a pass could act on.</summary>
    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var left = options.Value.PollInterval - waiting.Elapsed;
            if (left <= TimeSpan.Zero || !await signal.WaitAsync(left, stoppingToken))
            {
                return;
            }

            var wakeUp = signal.Take();
            if (wakeUp.Anything || !wakeUp.Conversations.All(dispatcher.IsInFlight))
            {
                return;
            }
        }
    }
}
