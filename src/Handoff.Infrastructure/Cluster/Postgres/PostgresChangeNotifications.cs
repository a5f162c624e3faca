using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Handoff.Infrastructure.Cluster.Postgres;

/// <summary>
/// <see cref="IChangeNotifications"/> across every instance on one PostgreSQL database, over <c>LISTEN/NOTIFY</c>.
/// <para>
/// One dedicated connection per instance (not pooled, so a dropped one is never handed out again) listens on the
/// channel <see cref="Channel"/> and waits in a loop; when it drops, the loop reconnects with backoff and then calls
/// every subscriber with a null payload ("anything may have changed"): PostgreSQL notifications are not durable, so
/// whatever was sent while the connection was down is gone. Publishing never waits for the database: local subscribers
/// are called at once (exactly once — the copy that comes back through the database is recognised by this instance's
/// id and ignored) and the notification is queued for a sender loop that batches the queue into one
/// <c>SELECT pg_notify(…)</c> round trip on a pooled connection.
/// </para>
/// <para>
/// On the wire a notification is <c>instance-id \n topic [\n payload]</c> (no third line: a null payload), at most
/// <see cref="MaxNotificationBytes"/> bytes of UTF-8, PostgreSQL's limit. A longer one is refused by
/// <see cref="Publish"/>: it would fail on the server, after the caller has gone.
/// </para>
/// </summary>
public sealed class PostgresChangeNotifications : BackgroundService, IChangeNotifications
{
    /// <summary>The one PostgreSQL notification channel of Handoff (notifications are per database).</summary>
    public const string Channel = "handoff_changes";

    /// <summary>PostgreSQL refuses a payload of 8000 bytes or more (default build).</summary>
    public const int MaxNotificationBytes = 7999;

    private const int MaxQueued = 10_000;
    private const int MaxBatch = 200;
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_lastRetry = TimeSpan.FromSeconds(10);

    private readonly InProcessChangeNotifications _local = new();
    private readonly ConcurrentDictionary<string, byte> _topics = new(StringComparer.Ordinal);
    private readonly Channel<string> _outgoing;
    private readonly string _listenConnectionString;
    private readonly NpgsqlDataSource _publishing;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresChangeNotifications> _logger;

    public PostgresChangeNotifications(string connectionString, TimeProvider clock, ILogger<PostgresChangeNotifications> logger)
    {
        _clock = clock;
        _logger = logger;
        InstanceId = Guid.NewGuid().ToString("N")[..12];
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            // A keepalive query every few seconds while waiting: a connection that died silently (no reset from the
            // server) is noticed and replaced instead of waiting forever.
            KeepAlive = 5,
            ApplicationName = ListenerApplicationName(InstanceId),
        }.ConnectionString;
        _publishing = NpgsqlDataSource.Create(connectionString);
        _outgoing = System.Threading.Channels.Channel.CreateBounded<string>(
            new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => _logger.LogWarning("Change notification queue full (database unreachable?): the oldest one was dropped; the other instances resynchronise when they reconnect."));
    }

    /// <summary>This instance's id on the wire (its listening connection's <c>application_name</c> ends with it).</summary>
    public string InstanceId { get; }

    /// <summary>The <c>application_name</c> of an instance's listening connection, to find it in <c>pg_stat_activity</c>.</summary>
    public static string ListenerApplicationName(string instanceId) => $"handoff-listen-{instanceId}";

    public void Publish(string topic, string? payload = null)
    {
        var message = Encode(InstanceId, topic, payload);
        var bytes = Encoding.UTF8.GetByteCount(message);
        if (bytes > MaxNotificationBytes)
        {
            throw new ArgumentException($"A change notification is at most {MaxNotificationBytes} bytes on the wire; this one is {bytes} (topic '{topic}'). Send an id and let receivers read the rest.", nameof(payload));
        }

        _local.Publish(topic, payload);
        _outgoing.Writer.TryWrite(message);
    }

    public IDisposable Subscribe(string topic, Action<string?> handler)
    {
        _topics.TryAdd(topic, 0);
        return _local.Subscribe(topic, payload =>
        {
            try
            {
                handler(payload);
            }
            catch (Exception ex)
            {
                // A handler must not throw; if one does, the others of the topic still hear of the change.
                _logger.LogError(ex, "A change notification handler of topic {Topic} failed.", topic);
            }
        });
    }

    public override void Dispose()
    {
        base.Dispose();
        _publishing.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                retry = s_firstRetry;
                _logger.LogInformation("Listening for change notifications of other instances (instance {InstanceId}).", InstanceId);

                // Whatever was announced before this LISTEN (while disconnected, or before the first connect) is lost.
                Resync();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever broke the connection (network, server restart, a terminated backend): never end the loop,
                // a hosted service that throws would stop the host.
                _logger.LogWarning("Change notifications from other instances are interrupted ({Error}); reconnecting in {Delay} ms.", ex.Message, (int)retry.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(retry, _clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_lastRetry.Ticks));
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxBatch);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _outgoing.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                await SendBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendBatchAsync(List<string> batch, CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        while (true)
        {
            try
            {
                await using var command = _publishing.CreateCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) AS t(p)");
                command.Parameters.AddWithValue("channel", Channel);
                command.Parameters.AddWithValue("payloads", batch.ToArray());
                await command.ExecuteNonQueryAsync(stoppingToken);
                return;
            }
            catch (PostgresException ex) when (!ex.IsTransient && !stoppingToken.IsCancellationRequested)
            {
                // The server refused the statement itself (not a lost connection): the same batch again would block every later one.
                // The receivers resynchronise whenever their own connection dropped, the usual cause of a lost batch.
                _logger.LogWarning("The database refused {Count} change notification(s) ({Error}); they are dropped.", batch.Count, ex.MessageText);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning("Could not announce {Count} change(s) to the other instances ({Error}); retrying in {Delay} ms.", batch.Count, ex.Message, (int)retry.TotalMilliseconds);
                await Task.Delay(retry, _clock, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_lastRetry.Ticks));
            }
        }
    }

    private void Receive(string message)
    {
        if (!TryDecode(message, out var origin, out var topic, out var payload))
        {
            _logger.LogWarning("Ignored a malformed change notification on channel {Channel}.", Channel);
            return;
        }

        if (origin != InstanceId)
        {
            _local.Publish(topic, payload);
        }
    }

    private void Resync()
    {
        foreach (var topic in _topics.Keys)
        {
            _local.Publish(topic, null);
        }
    }

    private static string Encode(string origin, string topic, string? payload) =>
        payload is null ? $"{origin}\n{topic}" : $"{origin}\n{topic}\n{payload}";

    private static bool TryDecode(string message, out string origin, out string topic, out string? payload)
    {
        origin = topic = string.Empty;
        payload = null;
        var first = message.IndexOf('\n', StringComparison.Ordinal);
        if (first <= 0)
        {
            return false;
        }

        origin = message[..first];
        var second = message.IndexOf('\n', first + 1);
        topic = second < 0 ? message[(first + 1)..] : message[(first + 1)..second];
        payload = second < 0 ? null : message[(second + 1)..];
        return topic.Length > 0;
    }
}
