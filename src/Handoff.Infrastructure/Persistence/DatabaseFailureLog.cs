using System.Data.Common;
using Handoff.Application.Common.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// Logs a failed SQL command once, at the level its cause deserves. EF Core's own "Failed executing DbCommand" is
/// always an error; <see cref="HandoffDbContext"/> lowers it to debug, and this logs it again as an error with the SQL
/// unless the database is unavailable (<see cref="DatabaseFailures.IsUnavailable"/>: PostgreSQL stopping, a broken
/// pooled connection). An outage is the caller's to report: a request answers 503, a background loop says so once
/// (<see cref="DatabaseOutageLog"/>); at error level it would be one line per failed command for as long as it lasts.
/// The SQL text is logged, never the parameter values (they are patients' words).
/// </summary>
public sealed class DatabaseFailureLog : DbCommandInterceptor
{
    public static DatabaseFailureLog Instance { get; } = new();

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Log(command, eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Log(command, eventData);
        return Task.CompletedTask;
    }

    private static void Log(DbCommand command, CommandErrorEventData eventData)
    {
        if (DatabaseFailures.IsUnavailable(eventData.Exception) || eventData.Context is null)
        {
            return;
        }

        var logger = eventData.Context.GetService<ILoggerFactory>().CreateLogger<DatabaseFailureLog>();
        logger.LogError(eventData.Exception, "A SQL command failed after {Milliseconds} ms: {CommandText}", (long)eventData.Duration.TotalMilliseconds, command.CommandText);
    }
}
