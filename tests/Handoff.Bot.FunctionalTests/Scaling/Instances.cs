using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.TestSupport.Postgres;
using Handoff.TestSupport.Processes;
using Npgsql;

namespace Handoff.Bot.FunctionalTests.Scaling;

/// <summary>
/// Several separate Handoff server processes on one fresh PostgreSQL database, as behind a load balancer: each its own
/// port, content root and memory; nothing shared but the database. Skipped (pg's rule) without the PostgreSQL binaries.
/// </summary>
internal sealed class Instances : IAsyncDisposable
{
    public const string AgentKey = "scaling-agent-key-0123456789abcdef";

    private readonly PostgresDatabase _database;

    private Instances(PostgresDatabase database, List<HandoffServerProcess> servers)
    {
        _database = database;
        Servers = servers;
    }

    public IReadOnlyList<HandoffServerProcess> Servers { get; }

    public HandoffServerProcess this[int index] => Servers[index];

    public string ConnectionString => _database.ConnectionString;

    /// <summary>The settings every instance gets: a known agent key, and rate limits that loopback tests do not trip.</summary>
    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AgentWebChat:AccessKeys:0"] = AgentKey,
            ["DirectLine:TokenRequestsPerMinute"] = "10000",
            ["DirectLine:RequestsPerMinute"] = "100000",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Starts <paramref name="count"/> instances on one new database: one after the other (each start is heavy on a
    /// small machine), or with <paramref name="atOnce"/> all at the same moment, racing to initialize it.
    /// </summary>
    public static async Task<Instances> StartAsync(int count, Dictionary<string, string?>? settings, bool atOnce = false)
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var started = new List<HandoffServerProcess>();
        try
        {
            if (atOnce)
            {
                started.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartOneAsync(settings, database))));
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    started.Add(await StartOneAsync(settings, database));
                }
            }
        }
        catch
        {
            foreach (var process in started)
            {
                await process.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }

        return new Instances(database, started);
    }

    private static Task<HandoffServerProcess> StartOneAsync(Dictionary<string, string?>? settings, PostgresDatabase database) =>
        HandoffServerProcess.StartAsync(settings, database.ConnectionString, TestContext.Current.CancellationToken);

    /// <summary>One number from the shared database (a count of audit records, say).</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of the shared database, each as its column values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Waits until <paramref name="probe"/> answers something (not null), asking again every 100 ms for at most a minute.
    /// Across processes the shared database, read through the public API, is the only signal there is: this is the
    /// observation itself, bounded, not a sleep standing in for one.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Not within a minute: {what}.");
            }
        }
    }

    /// <summary>Everything in the conversation so far, in order (REST, as a client without a stream would read it).</summary>
    public static async Task<List<JsonObject>> ActivitiesAsync(DirectLineTestClient client) => (await client.GetActivitiesAsync()).Activities;

    /// <summary>The texts of the conversation's activities sent by the server (not by the client itself), in order.</summary>
    public static async Task<List<string>> TextsToAsync(DirectLineTestClient client) =>
        [.. (await ActivitiesAsync(client))
            .Where(a => (string?)a["from"]?["id"] != client.UserId)
            .Select(a => a.ToJsonString())];

    /// <summary>Waits until one of the server's activities to <paramref name="client"/> contains <paramref name="text"/>.</summary>
    public static Task<string> WaitForTextAsync(DirectLineTestClient client, string text) =>
        EventuallyAsync(async () => (await TextsToAsync(client)).FirstOrDefault(t => t.Contains(Json(text), StringComparison.Ordinal)), $"'{text}' reaches {client.UserId}");

    /// <summary>How <paramref name="text"/> appears inside a serialized activity (quotes and the like escaped).</summary>
    public static string Json(string text) => JsonValue.Create(text).ToJsonString()[1..^1];

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
