using System.Collections.Concurrent;
using Handoff.Infrastructure.Cluster.Postgres;
using Handoff.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.IntegrationTests.Cluster;

/// <summary>
/// Two instances' <see cref="PostgresChangeNotifications"/> on one throwaway PostgreSQL database: what one publishes
/// reaches the other's handlers (and its own, once); a listening connection that the server kills is replaced and its
/// subscribers are told to re-read everything; a payload PostgreSQL would refuse is refused at once.
/// </summary>
public sealed class PostgresChangeNotificationsTests
{
    private const string Topic = "test-topic";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_WhenAnotherInstanceListens_ReachesBothInstancesOnce()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        await using var a = await Instance.StartAsync(database);
        await using var b = await Instance.StartAsync(database);

        a.Notifications.Publish(Topic, "saved on a");
        await b.Received.WaitForAsync("saved on a");
        b.Notifications.Publish(Topic, "seen on b");
        await a.Received.WaitForAsync("seen on b");

        // PostgreSQL delivers in commit order: a's own copy of its change came back before b's answer to it.
        a.Received.Payloads.ShouldBe(["saved on a", "seen on b"]);
        b.Received.Payloads.ShouldBe(["saved on a", "seen on b"]);
    }

    [Fact]
    public async Task Listener_WhenItsConnectionIsTerminated_ReconnectsAndTellsSubscribersToResync()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        await using var a = await Instance.StartAsync(database);
        await using var b = await Instance.StartAsync(database);
        var resyncsBefore = a.Received.Resyncs;

        await server.ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{PostgresChangeNotifications.ListenerApplicationName(a.Notifications.InstanceId)}'",
            Cancellation);
        await a.Received.WaitForResyncAsync(resyncsBefore + 1);
        b.Notifications.Publish(Topic, "after the reconnect");

        await a.Received.WaitForAsync("after the reconnect");
        a.Received.Resyncs.ShouldBe(resyncsBefore + 1);
    }

    [Fact]
    public async Task Publish_WhenThePayloadIsTooLargeForPostgres_IsRefusedBeforeAnyoneHearsOfIt()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync(Cancellation);
        await using var a = await Instance.StartAsync(database);

        var refused = Should.Throw<ArgumentException>(() => a.Notifications.Publish(Topic, new string('x', PostgresChangeNotifications.MaxNotificationBytes)));
        a.Notifications.Publish(Topic, "small");
        await a.Received.WaitForAsync("small");

        refused.Message.ShouldContain("at most 7999 bytes");
        a.Received.Payloads.ShouldBe(["small"]);
    }

    /// <summary>One instance's notifications, started as the host would, with a recording subscriber on <see cref="Topic"/>.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly IDisposable _subscription;

        private Instance(PostgresChangeNotifications notifications)
        {
            Notifications = notifications;
            _subscription = notifications.Subscribe(Topic, Received.Record);
        }

        public PostgresChangeNotifications Notifications { get; }

        public Recorder Received { get; } = new();

        public static async Task<Instance> StartAsync(PostgresDatabase database)
        {
            var instance = new Instance(new PostgresChangeNotifications(database.ConnectionString, TimeProvider.System, NullLogger<PostgresChangeNotifications>.Instance));
            await instance.Notifications.StartAsync(Cancellation);

            // The first resync comes right after LISTEN: from then on this instance hears the others.
            await instance.Received.WaitForResyncAsync(1);
            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            await Notifications.StopAsync(CancellationToken.None);
            Notifications.Dispose();
        }
    }

    private sealed class Recorder
    {
        private readonly ConcurrentQueue<string> _payloads = new();
        private readonly SemaphoreSlim _changed = new(0);
        private int _resyncs;

        public IReadOnlyList<string> Payloads => [.. _payloads];

        public int Resyncs => Volatile.Read(ref _resyncs);

        public void Record(string? payload)
        {
            if (payload is null)
            {
                Interlocked.Increment(ref _resyncs);
            }
            else
            {
                _payloads.Enqueue(payload);
            }

            _changed.Release();
        }

        public Task WaitForAsync(string payload) => WaitUntilAsync(() => _payloads.Contains(payload));

        public Task WaitForResyncAsync(int count) => WaitUntilAsync(() => Resyncs >= count);

        private async Task WaitUntilAsync(Func<bool> condition)
        {
            // Bounded only so that a broken build fails instead of hanging; nothing is asserted about the time.
            using var cap = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            cap.CancelAfter(TimeSpan.FromSeconds(60));
            while (!condition())
            {
                await _changed.WaitAsync(cap.Token);
            }
        }
    }
}
