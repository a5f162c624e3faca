using Handoff.TestSupport.Postgres;
using Npgsql;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>The throwaway PostgreSQL server itself: what the database-loss tests rely on (stop, start on the same folder and port).</summary>
public sealed class PostgresServerTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APrivateServer_StoppedAndStartedAgain_RefusesWhileDownAndKeepsItsData()
    {
        await using var server = await PostgresServer.StartNewAsync(Cancellation);
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        await ExecuteAsync(database.ConnectionString, "CREATE TABLE kept (id integer); INSERT INTO kept VALUES (42);");
        var port = server.Port;

        await server.StopAsync(Cancellation);
        await Should.ThrowAsync<NpgsqlException>(() => ExecuteAsync(database.ConnectionString, "SELECT 1"));
        await server.StartAsync(Cancellation);

        server.Port.ShouldBe(port);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var read = new NpgsqlCommand("SELECT id FROM kept", connection);
        (await read.ExecuteScalarAsync(Cancellation)).ShouldBe(42);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }
}
