using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Handoff.Application.Common.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Runs one Direct Line stream: replays the log after the client's watermark, then sends each new batch as an
/// <c>{activities, watermark}</c> frame when the log grows, an <c>{activities}</c> frame without a watermark for each
/// pushed activity that is not stored (a typing indicator), and an empty frame when idle. Frames the client sends (its
/// empty pings) are read and ignored. Ends when the client closes, the server stops, or the credential that opened it
/// expires (DirectLineJS then reconnects with its refreshed token).
/// </summary>
public sealed class DirectLineStreamSession(
    IServiceScopeFactory scopes,
    IOptions<DirectLineOptions> options,
    TimeProvider clock,
    ILogger<DirectLineStreamSession> logger)
{
    private const int PageSize = 100;

    private readonly Lock _readsGate = new();
    private readonly Dictionary<(string Conversation, long After), SharedRead> _reads = [];

    /// <summary>
    /// Runs the stream until it ends; <paramref name="subscription"/> (taken before the socket was accepted, and before the
    /// first read, so a write between the read and the wait still wakes it) is disposed at the end.
    /// </summary>
    public async Task RunAsync(WebSocket socket, IStreamWakeUpSubscription subscription, string conversationId, long watermark, DateTimeOffset closeAt, CancellationToken cancellationToken)
    {
        using var owned = subscription;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var untilExpiry = closeAt - clock.GetUtcNow();
        var expired = untilExpiry < TimeSpan.FromDays(365) ? Task.Delay(untilExpiry > TimeSpan.Zero ? untilExpiry : TimeSpan.Zero, clock, stop.Token) : Task.Delay(Timeout.Infinite, stop.Token);

        // Not linked to the caller: cancelling a pending receive aborts the socket, and a server that stops must still
        // be able to send its close frame; the receive ends with the client's answering close.
        using var receiving = new CancellationTokenSource();
        HandoffTelemetry.OpenWebSockets.Add(1);
        var closedByClient = ReceiveUntilClosedAsync(socket, receiving.Token);
        Task<bool>? woken = null;
        Task<string>? pushed = null;
        try
        {
            while (socket.State == WebSocketState.Open && !stop.IsCancellationRequested)
            {
                watermark = await SendNewAsync(socket, conversationId, watermark, Stopwatch.GetTimestamp(), stop.Token);
                woken ??= subscription.WaitAsync(stop.Token).AsTask();
                pushed ??= subscription.ReadPushedAsync(stop.Token).AsTask();
                var keepAlive = Task.Delay(options.Value.KeepAliveInterval, clock, stop.Token);
                var first = await Task.WhenAny(pushed, woken, keepAlive, closedByClient, expired);
                if (first == closedByClient || first == expired)
                {
                    break;
                }

                // A pushed activity goes out before the log is read again: pushed before an append, it arrives before it.
                if (pushed.IsCompletedSuccessfully)
                {
                    var frame = $"{{\"activities\":[{pushed.Result}]}}";
                    await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                    pushed = null;
                }

                if (woken.IsCompleted)
                {
                    woken = null;
                }
                else if (first == keepAlive && keepAlive.IsCompletedSuccessfully)
                {
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            logger.LogDebug("Direct Line stream of {Conversation} ended: {Reason}", conversationId, ex.Message);
        }
        finally
        {
            await stop.CancelAsync();
            HandoffTelemetry.OpenWebSockets.Add(-1); // before the close frame: a client that saw it closed sees it counted
            owned.Dispose(); // likewise: the hub has forgotten this stream by the time the client sees it closed

            // The caller's token ends the stream only when the server stops: 1001 Going Away (DirectLineJS reconnects
            // on any close, docs/operations.md), so the page reconnects, behind a load balancer to another instance.
            await CloseAsync(socket, cancellationToken.IsCancellationRequested ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure);
            await Task.WhenAny(closedByClient, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
            await receiving.CancelAsync();
            await closedByClient;
        }
    }

    /// <param name="socket">The stream's socket.</param>
    /// <param name="conversationId">Its conversation.</param>
    /// <param name="watermark">What the client has.</param>
    /// <param name="wokenAt">When the stream last saw a wake-up (a <see cref="Stopwatch"/> timestamp): only a read that started after it is sure to hold what that wake-up announced.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    private async Task<long> SendNewAsync(WebSocket socket, string conversationId, long watermark, long wokenAt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await ReadSharedAsync(conversationId, watermark, wokenAt, cancellationToken);

            if (page.Activities.Count == 0)
            {
                return watermark;
            }

            var frame = $"{{\"activities\":[{string.Join(',', page.Activities)}],\"watermark\":\"{page.Watermark}\"}}";
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            watermark = page.Watermark;
            if (page.Activities.Count < PageSize)
            {
                return watermark;
            }
        }
    }

    /// <summary>
    /// The log after <paramref name="watermark"/>: the streams of a conversation that one append woke together are at
    /// the same watermark and share one read instead of one each (issue 11). A stream joins a read in flight only if
    /// that read started after the stream's wake-up, so it cannot miss what woke it. Only reads in flight are kept.
    /// </summary>
    private async Task<ActivityPage> ReadSharedAsync(string conversationId, long watermark, long wokenAt, CancellationToken cancellationToken)
    {
        var key = (conversationId, watermark);
        Task<ActivityPage> read;
        lock (_readsGate)
        {
            if (_reads.TryGetValue(key, out var shared) && shared.StartedAt >= wokenAt)
            {
                read = shared.Page;
            }
            else
            {
                // Not cancelled by this stream's end: others may be waiting for it. Started outside the lock (Task.Run):
                // Sqlite's reads run synchronously.
                var startedAt = Stopwatch.GetTimestamp();
                read = Task.Run(() => ReadAsync(conversationId, watermark), CancellationToken.None);
                _reads[key] = new SharedRead(startedAt, read);
                _ = read.ContinueWith(
                    done =>
                    {
                        lock (_readsGate)
                        {
                            if (_reads.TryGetValue(key, out var current) && current.Page == done)
                            {
                                _reads.Remove(key);
                            }
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }

        return await read.WaitAsync(cancellationToken);
    }

    private async Task<ActivityPage> ReadAsync(string conversationId, long watermark)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectLineStore>().ReadAfterAsync(conversationId, watermark, PageSize, CancellationToken.None);
    }

    private sealed record SharedRead(long StartedAt, Task<ActivityPage> Page);

    // What a client sends on the stream (empty pings, its close) is read and thrown away, so every socket reads into this
    // one buffer: concurrent receives overwrite each other's bytes, which nobody looks at. Saves a buffer per idle socket.
    private static readonly byte[] s_discarded = new byte[1024];

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = s_discarded;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The stream is over either way.
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, status == WebSocketCloseStatus.EndpointUnavailable ? "server stopping" : "closing", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The other side is already gone.
        }
    }
}
