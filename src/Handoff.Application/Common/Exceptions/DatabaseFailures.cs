using System.Data.Common;

namespace Handoff.Application.Common.Exceptions;

/// <summary>
/// Whether a failure means "the database is unavailable now, retry later": a transient failure anywhere in the chain
/// (EF Core wraps the provider's exception). Provider-neutral: <see cref="DbException.IsTransient"/> is what Npgsql
/// says of its own failures (a refused or broken connection, a timeout, the server shutting down). A bug (a syntax
/// error, a violated constraint) is not transient. Sqlite has no equivalent: its file is local (a busy one is waited
/// for, and a lost race is a conflict). One rule for the host's 503 and for the channels that must not turn it into
/// their own error.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = (Exception?)exception; current is not null; current = current.InnerException)
        {
            if (current is DbException database)
            {
                return database.IsTransient;
            }
        }

        return false;
    }
}
