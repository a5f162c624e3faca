using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Handoff.TestSupport.Processes;

/// <summary>
/// The real, already built Handoff server (<c>dotnet Handoff.Bot.dll</c>) as a separate OS process, as one of several
/// instances behind a load balancer would run: settings as environment variables (<c>Section__Key</c>), its own
/// loopback port and content root, and PostgreSQL when given a connection string. Started once it answers
/// <c>/health/ready</c>; its console lines are kept so tests can assert on them (no error-level line, a key printed once).
/// </summary>
public sealed class HandoffServerProcess : IAsyncDisposable
{
    /// <summary>How long a start may take before the test fails (a bound, not a wait: readiness ends it).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly TempDirectory _contentRoot;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private HandoffServerProcess(Process process, TempDirectory contentRoot, Uri baseAddress)
    {
        _process = process;
        _contentRoot = contentRoot;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public string ContentRoot => _contentRoot.Path;

    public bool HasExited => _process.HasExited;

    /// <summary>Every stdout and stderr line so far, in arrival order (stderr lines start with <c>stderr: </c>).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Console log lines at error level or above (the single-line console format starts them with <c>fail:</c> or <c>crit:</c>).</summary>
    public IReadOnlyList<string> ErrorLines => [.. Lines.Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))];

    /// <summary>
    /// Starts a server process with <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>) and waits
    /// until it is ready. With <paramref name="postgresConnectionString"/> it runs on PostgreSQL, else on its own Sqlite file.
    /// </summary>
    public static async Task<HandoffServerProcess> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? postgresConnectionString = null, CancellationToken cancellationToken = default)
    {
        var contentRoot = new TempDirectory();
        var port = FreeLoopbackPort();
        var dll = BotAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        var environment = start.Environment;

        // A clean slate: nothing of the test runner's own ASP.NET / Handoff environment leaks into the server.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.StartsWith("Handoff__", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key);
        }

        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        environment["ASPNETCORE_CONTENTROOT"] = contentRoot.Path;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["Urls"] = $"http://127.0.0.1:{port}";
        environment["DOTNET_NOLOGO"] = "1";
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        environment["Logging__LogLevel__Default"] = "Information";
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        if (postgresConnectionString is not null)
        {
            environment["Persistence__Provider"] = "Postgres";
            environment["ConnectionStrings__Handoff"] = postgresConnectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new HandoffServerProcess(process, contentRoot, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Add(e.Data, null);
        process.ErrorDataReceived += (_, e) => server.Add(e.Data, "stderr: ");
        process.Exited += (_, _) => server._exited.TrySetResult();
        if (!process.Start())
        {
            contentRoot.Dispose();
            throw new InvalidOperationException($"Could not start dotnet {dll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.KillAsync();
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>Handoff.Bot.dll</c> of the same build configuration as the tests: <c>HANDOFF_BOT_DLL</c> when set, else the
    /// Handoff.Bot project's own output beside the test project's (<c>artifacts/bin/Handoff.Bot/&lt;config&gt;</c>), else
    /// the copy next to the test assembly.
    /// </summary>
    public static string BotAssemblyPath()
    {
        if (Environment.GetEnvironmentVariable("HANDOFF_BOT_DLL") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"HANDOFF_BOT_DLL points to {configured}, which does not exist.", configured);
        }

        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testDirectory.Name;
        var projectOutput = testDirectory.Parent?.Parent is { } bin ? Path.Combine(bin.FullName, "Handoff.Bot", configuration, "Handoff.Bot.dll") : null;
        if (projectOutput is not null && File.Exists(projectOutput))
        {
            return projectOutput;
        }

        var besideTests = Path.Combine(testDirectory.FullName, "Handoff.Bot.dll");
        return File.Exists(besideTests) ? besideTests : throw new FileNotFoundException($"Handoff.Bot.dll was found neither at {projectOutput} nor at {besideTests}: build the Handoff.Bot project first.");
    }

    /// <summary>The first line containing <paramref name="text"/>, or null.</summary>
    public string? FindLine(string text) => Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>kill -9 of the whole process tree: the instance dies mid-work, as on a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the server gracefully (SIGTERM, as a container stop does), then removes its files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM: the host runs its graceful shutdown (drains requests and the outbox pass in progress).
            using var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (terminate is not null)
            {
                await terminate.WaitForExitAsync();
            }

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        _contentRoot.Dispose();
    }

    private void Add(string? line, string? prefix)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(prefix + line);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server process exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}");
            }

            try
            {
                using var response = await probe.GetAsync("health/ready", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The server process was not ready within {StartTimeout}:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}");
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // This probe's own timeout: a cold process on a busy machine answers its first request slowly. Ask again.
            }

            // Poll again after the process had a moment, or as soon as it exits.
            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token)).ConfigureAwait(false);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
