using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// Handoff could not use its database at start. The message is for the operator reading the console: which setting to
/// fix (<c>ConnectionStrings:Handoff</c>), what the database said, and the connection string with its password masked.
/// </summary>
public sealed class DatabaseStartupException(string message, Exception innerException) : Exception(message, innerException);

/// <summary>
/// Turns a database failure during start (reading the saved settings, migrating, seeding) into one clear
/// <see cref="DatabaseStartupException"/> instead of a stack trace. Provider-neutral: it reads
/// <see cref="DbException"/> and its SQLSTATE (a SQL standard: class 28 is "invalid authorization", 3D "no such
/// database"), so each provider's own exceptions need no code here.
/// </summary>
public static class DatabaseStartup
{
    public const string ConnectionStringKey = "ConnectionStrings:Handoff";

    private const string Masked = "*****";

    public static T Guard<T>(IConfiguration configuration, Func<T> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return step();
        }
        catch (Exception ex) when (FindDatabaseFailure(ex) is not null)
        {
            throw new DatabaseStartupException(Describe(configuration, ex), ex);
        }
    }

    public static async Task GuardAsync(IConfiguration configuration, Func<Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await step();
        }
        catch (Exception ex) when (FindDatabaseFailure(ex) is not null)
        {
            throw new DatabaseStartupException(Describe(configuration, ex), ex);
        }
    }

    /// <summary>The database's own exception in <paramref name="exception"/>'s chain (EF Core and configuration may wrap it), or null.</summary>
    public static DbException? FindDatabaseFailure(Exception exception)
    {
        for (var current = (Exception?)exception; current is not null; current = current.InnerException)
        {
            if (current is DbException database)
            {
                return database;
            }
        }

        return null;
    }

    /// <summary>What the operator reads: the setting, the provider, the database's answer, a hint, the masked connection string.</summary>
    public static string Describe(IConfiguration configuration, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var database = FindDatabaseFailure(failure) ?? failure;
        var provider = configuration[PersistenceServices.ProviderKey] is { Length: > 0 } configured ? configured.Trim() : "Sqlite";
        var connectionString = configuration.GetConnectionString("Handoff");
        var reason = Scrub(Reason(database), connectionString);
        var shown = string.IsNullOrWhiteSpace(connectionString) ? "(not set)" : Mask(connectionString);
        return $"Handoff cannot start: the {provider} database in {ConnectionStringKey} cannot be used: {reason}. {Hint(database)} " +
               $"{ConnectionStringKey} is: {shown}";
    }

    /// <summary>The connection string with every password replaced by <c>*****</c>; one that cannot be parsed is not shown at all.</summary>
    public static string Mask(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in builder.Keys.Cast<string>().Where(IsSecretKey).ToList())
            {
                builder[key] = Masked;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(not shown: it could not be read as a connection string)";
        }
    }

    private static bool IsSecretKey(string key) =>
        key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant() is "PASSWORD" or "PWD" or "PASSFILE" or "SSLPASSWORD";

    private static string Reason(Exception database)
    {
        var message = database.Message.TrimEnd('.');
        var cause = database.InnerException is SocketException or IOException or TimeoutException ? database.InnerException.Message.TrimEnd('.') : null;
        return cause is null || message.Contains(cause, StringComparison.Ordinal) ? message : $"{message} ({cause})";
    }

    private static string Hint(Exception database)
    {
        var state = (database as DbException)?.SqlState ?? string.Empty;
        if (state.StartsWith("28", StringComparison.Ordinal))
        {
            return "Check the user name and password.";
        }

        if (state.StartsWith("3D", StringComparison.Ordinal))
        {
            return "The database does not exist: create it, or correct the database name.";
        }

        return database.InnerException is SocketException or TimeoutException || database.InnerException?.InnerException is SocketException
            ? "Nothing answered there: check that the database server is running and that the host and port are right."
            : "Check the connection string and that the database server is running.";
    }

    /// <summary>A database message never carries the password, but if one ever did, it is not printed.</summary>
    private static string Scrub(string text, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return text;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in builder.Keys.Cast<string>().Where(IsSecretKey))
            {
                if (builder[key] is string { Length: > 0 } secret)
                {
                    text = text.Replace(secret, Masked, StringComparison.Ordinal);
                }
            }
        }
        catch (ArgumentException)
        {
            // Not a connection string: nothing to scrub by.
        }

        return text;
    }
}
