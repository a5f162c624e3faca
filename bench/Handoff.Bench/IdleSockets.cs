using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Server memory per idle WebSocket (issue 11): the server runs in a child process of its own, so its RSS is the
/// server's alone; this process opens the sockets. Bare Kestrel (accept, then wait for the close) and the Direct Line
/// stream (token, conversation started, stream opened, as DirectLineJS does) are measured in the same run.
/// </summary>
internal static class IdleSockets
{
    public const string ServerCommand = "socket-server";
    private const string AnswerMark = "@@ ";
    private const string Secret = "bench-direct-line-secret-0123456789";

    public static async Task RunAsync(int count)
    {
        var bare = await MeasureAsync("bare", count);
        var directLine = await MeasureAsync("directline", count);
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"bare Kestrel idle WebSocket: {bare}");
        Console.WriteLine($"Direct Line idle stream:     {directLine}; {directLine.PerSocketKb / bare.PerSocketKb:0.0}× bare Kestrel");
    }

    private static async Task<SocketFigure> MeasureAsync(string kind, int count)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(IdleSockets).Assembly.Location);
        }

        start.ArgumentList.Add(ServerCommand);
        start.ArgumentList.Add(kind);
        using var server = Process.Start(start)!;
        try
        {
            var address = new Uri(await AnswerAsync(server));
            using var http = new HttpClient { BaseAddress = address };
            var before = await RssAsync(server);
            var sockets = new ClientWebSocket[count];
            var opened = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    sockets[i] = kind == "bare" ? await OpenBareAsync(address) : await OpenDirectLineAsync(http, address, i);
                }
            })));
            opened.Stop();

            // Let the greetings be delivered and replayed, then measure the sockets at rest.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var after = await RssAsync(server);
            var open = sockets.Count(s => s.State == WebSocketState.Open);
            foreach (var socket in sockets)
            {
                socket.Abort();
                socket.Dispose();
            }

            var hubEntries = kind == "bare" ? "" : await AskAsync(server, "hub");
            return new SocketFigure(open, before, after, opened.Elapsed, hubEntries);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<ClientWebSocket> OpenBareAsync(Uri address)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{address.Authority}/ws"), CancellationToken.None);
        return socket;
    }

    private static async Task<ClientWebSocket> OpenDirectLineAsync(HttpClient http, Uri address, int i)
    {
        using var generate = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate") { Content = JsonContent.Create(new { user = new { id = $"dl_user{i}", name = $"User {i}" } }) };
        generate.Headers.Authorization = new("Bearer", Secret);
        using var generated = await http.SendAsync(generate);
        generated.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await generated.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        using var startConversation = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        startConversation.Headers.Authorization = new("Bearer", token);
        using var started = await http.SendAsync(startConversation);
        started.EnsureSuccessStatusCode();
        var streamUrl = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("streamUrl").GetString()!;
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
        return socket;
    }

    private static async Task<long> RssAsync(Process server) => long.Parse(await AskAsync(server, "rss"), CultureInfo.InvariantCulture);

    private static async Task<string> AskAsync(Process server, string question)
    {
        await server.StandardInput.WriteLineAsync(question);
        await server.StandardInput.FlushAsync();
        return await AnswerAsync(server);
    }

    // The child's own log lines share its stdout: answers are the lines marked as such.
    private static async Task<string> AnswerAsync(Process server)
    {
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(AnswerMark, StringComparison.Ordinal))
            {
                return line[AnswerMark.Length..];
            }
        }

        throw new InvalidOperationException("The socket server ended without answering.");
    }

    /// <summary>The child: starts the server, prints its address, then answers "rss" (KB, after a full GC) and "hub" on stdin.</summary>
    public static async Task ServeAsync(string kind)
    {
        Func<string> hub = () => "";
        IAsyncDisposable server;
        string address;
        if (kind == "bare")
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.UseWebSockets();
            app.Map("/ws", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[4096];
                try
                {
                    while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
                    {
                    }
                }
                catch (WebSocketException)
                {
                }
            });
            await app.StartAsync();
            address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server = app;
        }
        else
        {
            var host = await TestHost.StartAsync(options =>
            {
                options.EnvironmentName = "Production";
                options.Settings["Logging:LogLevel:Default"] = "Warning";
                options.Settings["DirectLine:Secrets:0"] = Secret;
                options.Settings["DirectLine:RequestsPerMinute"] = "10000000";
            });
            var wakeUps = (Handoff.Infrastructure.Channels.DirectLine.DirectLineStreamHub)host.Services.GetRequiredService<Handoff.Infrastructure.Channels.DirectLine.IStreamWakeUps>();
            hub = () => $"hub holds {wakeUps.ConversationCount} conversations";
            address = host.BaseAddress.ToString();
            server = host;
        }

        Console.WriteLine(AnswerMark + address);
        while (Console.ReadLine() is { } question)
        {
            if (question == "rss")
            {
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                await Task.Delay(500);
                Console.WriteLine(AnswerMark + File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
            else if (question == "hub")
            {
                // The aborted sockets' streams end as their receives fail; on a busy machine that takes a while.
                var waited = Stopwatch.StartNew();
                while (hub() != "hub holds 0 conversations" && waited.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(250);
                }

                Console.WriteLine($"{AnswerMark}{hub()} ({waited.Elapsed.TotalSeconds:0.0} s after the sockets were aborted)");
            }
        }

        await server.DisposeAsync();
    }
}

internal sealed record SocketFigure(int Open, long RssBeforeKb, long RssAfterKb, TimeSpan Opening, string AfterClose)
{
    public double PerSocketKb => (double)(RssAfterKb - RssBeforeKb) / Open;

    public override string ToString() =>
        $"{Open} open, server RSS {RssBeforeKb / 1024.0:0} → {RssAfterKb / 1024.0:0} MB = {PerSocketKb:0.0} KB per socket (opened in {Opening.TotalSeconds:0} s){(AfterClose.Length > 0 ? "; after closing them the " + AfterClose : "")}";
}
