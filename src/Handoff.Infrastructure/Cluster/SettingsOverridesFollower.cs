using Handoff.Infrastructure.Management;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// With several instances: subscribes this instance's <see cref="SettingsOverrides"/> to the settings notifications from
/// the start (not only once a settings request built it), and compares the overrides table with what is in force every
/// <see cref="ClusterOptions.SettingsRefreshSeconds"/> — the safety net for a notification that was lost anyway.
/// </summary>
public sealed class SettingsOverridesFollower(SettingsOverrides overrides, ClusterOptions options, TimeProvider clock, ILogger<SettingsOverridesFollower> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SettingsRefreshSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (overrides.ReloadIfChanged())
                    {
                        logger.LogWarning("Settings overrides differed from the database without a notification; reloaded them.");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Could not compare the settings overrides with the database ({Error}); trying again at the next period.", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Section <c>Cluster</c>: how the instances of one database follow each other.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>How often each instance compares the settings overrides with the database although no change was announced.</summary>
    public int SettingsRefreshSeconds { get; set; } = 60;
}
