using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Outbox;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The durable relay against a bare forwarder, on this machine, client on the same cores (architecture.md's budget).
// Run: dotnet run -c Release --project bench/Handoff.Bench [-- users messagesPerUser]
// Or: dotnet run -c Release --project bench/Handoff.Bench -- isolation [backlog] (issue 16's fault isolation delays)
if (args.Length > 0 && args[0] == "isolation")
{
    await Isolation.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
    return;
}

var users = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 64;
var perUser = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40;

var baseline = await Forwarder.MeasureAsync(users, users * perUser);
Console.WriteLine($"bare forwarder (POST → one outbound POST): {baseline}");

await using var host = await TestHost.StartAsync(options =>
{
    options.EnvironmentName = "Production";
    options.Settings["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("BENCH_LOG") ?? "Warning";
    options.Settings["Handoff:Agents:Capacity"] = "100";
    options.Settings["AgentWebChat:AccessKeys:0"] = "bench-agent-key";
    options.Settings["DirectLine:RequestsPerMinute"] = "10000000";
    options.Settings["DirectLine:TokenRequestsPerMinute"] = "100000";
});
var client = host.Client;

var agent = await TokenAsync(client, "api/agent/token", new { name = "Bench Agent", key = "bench-agent-key" });
await SayAsync(client, agent, "login");
var people = new List<Token>();
for (var i = 0; i < users; i++)
{
    var user = await TokenAsync(client, "api/webchat/token", new { name = $"User {i}" });
    await SayAsync(client, user, "agent");
    people.Add(user);
}

for (var i = 0; i < users; i++)
{
    await SayAsync(client, agent, "connect");
}

var connected = await ReadAsync(host, db => db.Conversations.CountAsync(c => c.State == ConversationState.Connected));
if (connected != users)
{
    throw new InvalidOperationException($"Only {connected} of {users} users were connected.");
}

await DrainAsync(host);
var relay = await Load.RunAsync(users, perUser, (i, n) => SayAsync(client, people[i], $"message {n} from user {i}"));
var drained = Stopwatch.StartNew();
await DrainAsync(host);
Console.WriteLine($"durable relay (store + transcript + outbox, then deliver): {relay}; outbox drained {drained.Elapsed.TotalSeconds:0.00} s after the last POST");
Console.WriteLine($"relay / forwarder throughput: {relay.PerSecond / baseline.PerSecond:P0}");

static async Task<Token> TokenAsync(HttpClient client, string path, object body)
{
    var response = await client.PostAsJsonAsync(path, body);
    response.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return new Token(json.RootElement.GetProperty("conversationId").GetString()!, json.RootElement.GetProperty("token").GetString()!);
}

static async Task SayAsync(HttpClient client, Token who, string text)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{who.ConversationId}/activities")
    {
        Content = JsonContent.Create(new { type = "message", from = new { id = "ignored" }, text }),
    };
    request.Headers.Authorization = new("Bearer", who.Value);
    using var response = await client.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

static async Task<T> ReadAsync<T>(TestHost host, Func<HandoffDbContext, Task<T>> read)
{
    await using var scope = host.Services.CreateAsyncScope();
    return await read(scope.ServiceProvider.GetRequiredService<HandoffDbContext>());
}

static async Task DrainAsync(TestHost host)
{
    var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();
    while (await ReadAsync(host, db => db.OutboxMessages.AnyAsync(m => m.DeliveredAt == null && m.DeadLetteredAt == null)))
    {
        await dispatcher.DispatchDueAsync(CancellationToken.None);
    }
}

internal sealed record Token(string ConversationId, string Value);

internal sealed record LoadResult(int Requests, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() => $"{Requests} requests in {Elapsed.TotalSeconds:0.00} s = {PerSecond:0} req/s, p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms";
}

internal static class Load
{
    /// <summary><paramref name="workers"/> loops in flight, each sending <paramref name="perWorker"/> requests one after another.</summary>
    public static async Task<LoadResult> RunAsync(int workers, int perWorker, Func<int, int, Task> request)
    {
        var latencies = new double[workers * perWorker];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < perWorker; n++)
            {
                var one = Stopwatch.StartNew();
                await request(w, n);
                latencies[(w * perWorker) + n] = one.Elapsed.TotalMilliseconds;
            }
        })));
        total.Stop();
        Array.Sort(latencies);
        return new LoadResult(latencies.Length, total.Elapsed, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
    }
}

internal static class Forwarder
{
    /// <summary>Kestrel receiving a JSON POST and making one outbound JSON POST to a loopback sink before answering.</summary>
    public static async Task<LoadResult> MeasureAsync(int workers, int requests)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        await using var app = builder.Build();
        app.MapPost("/sink", () => Results.Ok(new { id = "x" }));
        app.MapPost("/forward", async (IHttpClientFactory http, JsonElement body) =>
        {
            var sink = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var response = await http.CreateClient().PostAsJsonAsync($"{sink}/sink", body);
            return Results.Ok(new { id = "y" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var result = await Load.RunAsync(workers, requests / workers, async (_, n) =>
        {
            using var response = await client.PostAsJsonAsync("/forward", new { type = "message", text = $"message {n}" });
            response.EnsureSuccessStatusCode();
        });
        await app.StopAsync();
        return result;
    }
}
