using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Handoff.Infrastructure.Observability;

/// <summary>
/// Counts the SQL commands (round trips to the database) every context of this process sends, whatever the provider:
/// the benchmark divides the count by the messages relayed to show what one message costs (issue 11). A command that
/// carries several statements (EF's batched insert) is one round trip, which is what it costs.
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private static long s_commands;

    public static SqlCommandCounter Instance { get; } = new();

    /// <summary>Commands sent since the process started.</summary>
    public static long Total => Interlocked.Read(ref s_commands);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref s_commands);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref s_commands);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Interlocked.Increment(ref s_commands);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref s_commands);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Interlocked.Increment(ref s_commands);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref s_commands);
        return ValueTask.FromResult(result);
    }
}
