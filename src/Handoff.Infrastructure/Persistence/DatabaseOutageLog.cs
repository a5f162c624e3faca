using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// How a background loop tells that the database is away: one error when the outage starts, then quiet (debug) for
/// every further failed tick, and one line when the database answers again. Without it a loop that ticks every
/// second writes an error a second for as long as the database is down, and the one line that matters is lost.
/// </summary>
public sealed class DatabaseOutageLog(ILogger logger, string loop)
{
    private int _failures;

    /// <summary>Whether the database has failed since the loop last reached it.</summary>
    public bool IsDown => _failures > 0;

    /// <summary>
    /// Logs <paramref name="exception"/> if it is the database failing (true: the caller logs nothing more); false for
    /// any other failure, which the loop logs as it always did.
    /// </summary>
    public bool Report(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (DatabaseStartup.FindDatabaseFailure(exception) is null)
        {
            return false;
        }

        _failures++;
        if (_failures == 1)
        {
            logger.LogError(exception, "{Loop} cannot reach the database; it keeps trying, and says so once it is back.", loop);
        }
        else
        {
            logger.LogDebug("{Loop} still cannot reach the database ({Failures} attempts).", loop, _failures);
        }

        return true;
    }

    /// <summary>The loop's tick reached the database: after an outage, says so once.</summary>
    public void Reached()
    {
        if (_failures > 0)
        {
            logger.LogInformation("{Loop} reaches the database again, after {Failures} failed attempts.", loop, _failures);
            _failures = 0;
        }
    }
}
