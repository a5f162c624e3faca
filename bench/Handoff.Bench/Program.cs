using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Observability;
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
// Or: dotnet run -c Release --project bench/Handoff.Bench -- sockets [count] (server RSS per idle WebSocket, issue 11)
if (args.Length > 0 && args[0] == "isolation")
{
    await Isolation.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
    return;
}

if (args.Length > 0 && args[0] == "sockets")
{
    await IdleSockets.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    return;
}

if (args.Length > 0 && args[0] == IdleSockets.ServerCommand)
{
    await IdleSockets.ServeAsync(args[1]);
    return;
}

var users = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 64;
var perUser = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40;
const int SerialMessages = 300;

// The forwarder is measured warm as well: a first run (discarded) compiles its path.
_ = await Forwarder.MeasureAsync(users, users * perUser);
var baseline = await Forwarder.MeasureAsync(users, users * perUser);
var serialBaseline = await Forwarder.MeasureAsync(1, SerialMessages);

// HANDOFF_TEST_DATABASE=Postgres runs the relay on a throwaway PostgreSQL (TestSupport's PostgresServer, as the
// suites do); BENCH_INSTANCES=2 then runs two in-process Handoff instances on that one database, users split between
// them, the agent on the first.
var instances = int.Parse(Environment.GetEnvironmentVariable("BENCH_INSTANCES") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
if (instances > 1 && !TestDatabase.IsPostgres)
{
    throw new InvalidOperationException("Several instances need one shared database: set HANDOFF_TEST_DATABASE=Postgres.");
}

var hosts = new List<TestHost>();
for (var i = 0; i < instances; i++)
{
    hosts.Add(await TestHost.StartAsync(options =>
    {
        options.EnvironmentName = "Production";
        options.Settings["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("BENCH_LOG") ?? "Warning";
        options.Settings["Handoff:Agents:Capacity"] = "100";
        options.Settings["AgentWebChat:AccessKeys:0"] = "bench-agent-key";
        options.Settings["DirectLine:RequestsPerMinute"] = "10000000";
        options.Settings["DirectLine:TokenRequestsPerMinute"] = "100000";
        options.Settings["DirectLine:TokenSigningKey"] = "bench-token-signing-key-0123456789abcdef";
        if (hosts.Count > 0)
        {
            // The second instance joins the first one's database.
            options.Settings[PersistenceServices.ProviderKey] = hosts[0].Options.Settings[PersistenceServices.ProviderKey];
            options.Settings["ConnectionStrings:Handoff"] = hosts[0].Options.Settings["ConnectionStrings:Handoff"];
        }
    }));
}

var host = hosts[0];
var client = host.Client;
HttpClient ClientOf(int user) => hosts[user % hosts.Count].Client;
var path = $"durable relay ({(TestDatabase.IsPostgres ? "PostgreSQL" : "Sqlite")}, {instances} instance{(instances > 1 ? "s" : "")})";

var agent = await TokenAsync(client, "api/agent/token", new { name = "Bench Agent", key = "bench-agent-key" });
await SayAsync(client, agent, "login");
var people = new List<Token>();
for (var i = 0; i < users; i++)
{
    var user = await TokenAsync(ClientOf(i), "api/webchat/token", new { name = $"User {i}" });
    await SayAsync(ClientOf(i), user, "agent");
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

await DrainAllAsync(hosts);

// A fresh process runs its first thousands of messages through the JIT's tiered compilation (unoptimized code, then
// recompiling the hot methods with profile data): measured right after start, the relay spent about 40 % of its CPU
// compiling. A server runs for days, so the figures below are of a warm process: a first load of the same shape is
// relayed (and reported, as "cold") before the measured one.
// The warm-up repeats (up to 6 loads) until the JIT took under 5 % of a load's time: tiering finishes when it
// finishes, and a fixed warm-up measured its tail on some runs and not on others.
var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
var cold = await Load.RunAsync(users, perUser, (i, n) => SayAsync(ClientOf(i), people[i], $"warm-up message {n} from user {i}"));
await DrainAllAsync(hosts);
var coldJit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
var warmUps = 1;
var (lastCompiling, lastElapsed) = (coldJit, cold.Elapsed);
while (warmUps < 6 && lastCompiling > lastElapsed * 0.05)
{
    var start = System.Runtime.JitInfo.GetCompilationTime();
    var elapsed = Stopwatch.StartNew();
    await Load.RunAsync(users, perUser, (i, n) => SayAsync(ClientOf(i), people[i], $"warm-up {warmUps} message {n} from user {i}"));
    await DrainAllAsync(hosts);
    (lastCompiling, lastElapsed) = (System.Runtime.JitInfo.GetCompilationTime() - start, elapsed.Elapsed);
    warmUps++;
}

// Round trips are counted from the first POST until the outbox has delivered the last relayed message to the agent's
// Direct Line log: "inbound to delivered". The drain's own polling reads are counted too (a few per run).
var commandsBefore = SqlCommandCounter.Total;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
jitBefore = System.Runtime.JitInfo.GetCompilationTime();
var relay = await Load.RunAsync(users, perUser, (i, n) => SayAsync(ClientOf(i), people[i], $"message {n} from user {i}"));
var drained = Stopwatch.StartNew();
await DrainAllAsync(hosts);
var drainSeconds = drained.Elapsed.TotalSeconds;
var cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / relay.Requests;
var perMessage = (double)(SqlCommandCounter.Total - commandsBefore) / relay.Requests;
var warmJit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;

var serialCommandsBefore = SqlCommandCounter.Total;
var serial = await Load.RunAsync(1, SerialMessages, (_, n) => SayAsync(client, people[0], $"serial message {n}"));
await DrainAllAsync(hosts);
var serialPerMessage = (double)(SqlCommandCounter.Total - serialCommandsBefore) / serial.Requests;
var errors = hosts.Sum(ErrorLines);

Console.WriteLine($"load average at the end: {LoadAverage()}");
Console.WriteLine($"bare forwarder, {users} in flight:  {baseline}");
Console.WriteLine($"{path}, {users} in flight, cold (the first {cold.Requests} messages after start): {cold}, {cold.PerSecond / baseline.PerSecond:P0} of the bare forwarder; {coldJit.TotalSeconds:0.0} s compiling; {warmUps} warm-up load(s) before the measured one");
Console.WriteLine($"{path}, {users} in flight: {relay}, {perMessage:0.0} SQL round trips per message, {relay.PerSecond / baseline.PerSecond:P0} of the bare forwarder; outbox drained {drainSeconds:0.00} s after the last POST; {cpuPerMessage:0.00} ms CPU per message inbound to delivered; {warmJit.TotalSeconds:0.0} s compiling");
Console.WriteLine($"bare forwarder, 1 in flight:  {serialBaseline}");
Console.WriteLine($"{path}, 1 in flight: {serial}, {serialPerMessage:0.0} SQL round trips per message, p50 +{serial.P50Ms - serialBaseline.P50Ms:0.00} ms over the bare forwarder");
Console.WriteLine($"error-level log lines during the whole run (set-up included): {errors}");
foreach (var line in hosts.SelectMany(h => h.Logs.Lines).Where(IsError).Take(3))
{
    Console.WriteLine($"  {line[..Math.Min(line.Length, 300)]}");
}

// BENCH_LOG=Information BENCH_LOG_FILE=path writes every captured log line (every SQL command among them) to a file.
if (Environment.GetEnvironmentVariable("BENCH_LOG_FILE") is { Length: > 0 } logFile)
{
    await File.WriteAllLinesAsync(logFile, hosts.SelectMany(h => h.Logs.Lines));
}

static bool IsError(string line) => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal);

static int ErrorLines(TestHost host) => host.Logs.Lines.Count(IsError);

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

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

foreach (var started in hosts)
{
    await started.DisposeAsync();
}

static async Task DrainAllAsync(IReadOnlyList<TestHost> hosts)
{
    foreach (var host in hosts)
    {
        await DrainAsync(host);
    }
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

/// <param name="CpuMsPerRequest">
/// CPU time of this whole process (server and client, all threads) per request during the load: unlike throughput, it
/// hardly moves when other work shares the machine, so it is the figure to compare between runs.
/// </param>
internal sealed record LoadResult(int Requests, TimeSpan Elapsed, double P50Ms, double P99Ms, double CpuMsPerRequest)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() => $"{Requests} requests in {Elapsed.TotalSeconds:0.00} s = {PerSecond:0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.0} ms, {CpuMsPerRequest:0.00} ms CPU per request";
}

internal static class Load
{
    /// <summary><paramref name="workers"/> loops in flight, each sending <paramref name="perWorker"/> requests one after another.</summary>
    public static async Task<LoadResult> RunAsync(int workers, int perWorker, Func<int, int, Task> request)
    {
        var latencies = new double[workers * perWorker];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
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
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Array.Sort(latencies);
        return new LoadResult(latencies.Length, total.Elapsed, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)], cpu.TotalMilliseconds / latencies.Length);
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
