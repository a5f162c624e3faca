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
                watermark = await SendNewAsync(socket, conversationId, watermark, stop.Token);
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

    private async Task<long> SendNewAsync(WebSocket socket, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            ActivityPage page;
            await using (var scope = scopes.CreateAsyncScope())
            {
                page = await scope.ServiceProvider.GetRequiredService<DirectLineStore>().ReadAfterAsync(conversationId, watermark, PageSize, cancellationToken);
            }

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

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
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
