using Npgsql;

namespace Handoff.TestSupport.Postgres;

/// <summary>One fresh database on a <see cref="PostgresServer"/>, for one host (or several processes sharing it). Disposing drops it.</summary>
public sealed class PostgresDatabase(PostgresServer server, string name, string connectionString) : IAsyncDisposable
{
    public PostgresServer Server { get; } = server;

    public string Name { get; } = name;

    /// <summary>As the superuser over TCP with the password, for <c>ConnectionStrings:Handoff</c>.</summary>
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would otherwise hold server connections (300 at most) until the pool prunes them.
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        try
        {
            await Server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The server is stopped (a test of database loss) or gone: nothing is left to clean up while it is down.
        }
    }
}
