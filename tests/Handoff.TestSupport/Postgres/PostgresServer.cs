using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using Xunit;

namespace Handoff.TestSupport.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for tests: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free
/// loopback port, password (SCRAM) authentication on TCP with a password made up at run time. The binaries are
/// Debian's <c>postgresql</c> package (<c>/usr/lib/postgresql/15/bin</c>, or <c>HANDOFF_PG_BIN</c>); PostgreSQL refuses
/// to run as root, so as root the server runs as the <c>postgres</c> OS user. Durability is switched off (fsync,
/// synchronous commit, full page writes): a crash of a test server loses nothing anyone needs.
/// <para>
/// <see cref="SharedAsync"/> is the one server of the test process (started on first use, stopped when the process
/// exits); each host takes a fresh database from it (<see cref="CreateDatabaseAsync"/>). A test that stops the server
/// (<see cref="StopAsync"/> / <see cref="StartAsync()"/>) starts a private one with <see cref="StartNewAsync"/> instead.
/// </para>
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Printed whenever a PostgreSQL test is skipped, so CI logs can be searched for it.</summary>
    public const string SkipMarker = "HANDOFF-POSTGRES-SKIPPED";

    public const string RequireVariable = "HANDOFF_REQUIRE_POSTGRES";

    public const string SuperUser = "postgres";

    private const string ServiceUser = "postgres";

    private static readonly Lazy<Task<PostgresServer>> s_shared = new(StartSharedAsync);

    private readonly string _root;
    private readonly bool _asServiceUser;
    private bool _running;

    private PostgresServer(string root, int port, string password, bool asServiceUser)
    {
        _root = root;
        Port = port;
        Password = password;
        _asServiceUser = asServiceUser;
    }

    /// <summary><c>HANDOFF_PG_BIN</c>, or Debian's PostgreSQL 15 server binaries.</summary>
    public static string BinDirectory { get; } = Environment.GetEnvironmentVariable("HANDOFF_PG_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    /// <summary>Why PostgreSQL tests cannot run here, or null when the server binaries are present.</summary>
    public static string? SkipReasonOrNull { get; } =
        File.Exists(Path.Combine(BinDirectory, "initdb")) && File.Exists(Path.Combine(BinDirectory, "pg_ctl"))
            ? null
            : $"{SkipMarker}: no PostgreSQL server binaries in {BinDirectory} (set HANDOFF_PG_BIN, or 'apt-get install -y postgresql').";

    public int Port { get; }

    /// <summary>The superuser's password, made up for this server.</summary>
    public string Password { get; }

    /// <summary>The superuser on the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>
    /// Skips the calling test when there is no PostgreSQL here; with <c>HANDOFF_REQUIRE_POSTGRES=1</c> (CI, which
    /// installs it) fails it instead.
    /// </summary>
    public static void SkipIfUnavailable()
    {
        if (SkipReasonOrNull is not { } reason)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(reason);
        }

        Console.WriteLine(reason);
        TestContext.Current.TestOutputHelper?.WriteLine(reason);
        Assert.Skip(reason);
    }

    /// <summary>The server of this test process (skips or fails the test when PostgreSQL is not installed).</summary>
    public static Task<PostgresServer> SharedAsync()
    {
        SkipIfUnavailable();
        return s_shared.Value;
    }

    /// <summary>A private server, for tests that stop and start it; dispose it.</summary>
    public static async Task<PostgresServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        SkipIfUnavailable();
        var asServiceUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), "handoff-tests", "pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "socket"));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var server = new PostgresServer(root, FreeLoopbackPort(), password, asServiceUser);
        try
        {
            await server.InitializeAsync(cancellationToken);
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser, over TCP with the password.</summary>
    public string ConnectionStringFor(string database, string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SuperUser,
        Password = password ?? Password,
        Timeout = 15,
    }.ConnectionString;

    /// <summary>A new, empty database; disposing it drops it (and its pooled connections).</summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "handoff_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return new PostgresDatabase(this, name, ConnectionStringFor(name));
    }

    /// <summary>Runs one statement on the maintenance database.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Starts the server on its data folder and port, waiting until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {SocketDirectory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await PgAsync(["pg_ctl", "start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", options], cancellationToken);
        _running = true;
    }

    /// <summary>Stops the server at once (in-flight work is lost, as when a database host dies); the data folder stays.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await PgAsync(["pg_ctl", "stop", "-w", "-t", "60", "-m", "immediate", "-D", DataDirectory], cancellationToken);
        _running = false;
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone; the folder is removed below all the same.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner takes it.
        }
    }

    private string DataDirectory => Path.Combine(_root, "data");

    private string SocketDirectory => Path.Combine(_root, "socket");

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartNewAsync();

        // The test process ends without disposing static state: stop the server with it, synchronously.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        if (_asServiceUser)
        {
            await RunAsync("chown", ["-R", $"{ServiceUser}:", _root], cancellationToken);
        }

        await PgAsync(["initdb", "-D", DataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], cancellationToken);
        File.Delete(passwordFile);
    }

    /// <summary>Runs a PostgreSQL binary, as the <c>postgres</c> OS user when the tests run as root.</summary>
    private Task PgAsync(string[] command, CancellationToken cancellationToken)
    {
        var binary = Path.Combine(BinDirectory, command[0]);
        return _asServiceUser
            ? RunAsync("runuser", ["-u", ServiceUser, "--", binary, .. command[1..]], cancellationToken)
            : RunAsync(binary, command[1..], cancellationToken);
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
