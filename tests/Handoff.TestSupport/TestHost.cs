using Handoff.Bot;
using Handoff.TestSupport.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.TestSupport;

/// <summary>What a <see cref="TestHost"/> starts with: settings, service replacements at the edges, and where its files live.</summary>
public sealed class TestHostOptions
{
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Registrations applied after the product's own: edge fakes (clock, channel senders, ports).</summary>
    public List<Action<IServiceCollection>> Services { get; } = [];

    /// <summary>The content root (with <c>data/</c> and the Sqlite file); reuse it to restart on the same database.</summary>
    public string? ContentRoot { get; set; }

    public string EnvironmentName { get; set; } = "Testing";
}

/// <summary>
/// The real product (<see cref="HandoffApplication"/>) on real Kestrel, bound to a free loopback port, with its own
/// Sqlite file, or its own PostgreSQL database (<see cref="TestDatabase"/>). Background services run as in production.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TempDirectory? _ownedDirectory;

    private PostgresDatabase? _ownedDatabase;

    private TestHost(WebApplication app, TestHostOptions options, TempDirectory? ownedDirectory, PostgresDatabase? ownedDatabase, LogCapture logs)
    {
        _ownedDatabase = ownedDatabase;
        App = app;
        Options = options;
        _ownedDirectory = ownedDirectory;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public TestHostOptions Options { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public string ContentRoot => Options.ContentRoot!;

    public static async Task<TestHost> StartAsync(Action<TestHostOptions>? configure = null)
    {
        var options = new TestHostOptions();
        configure?.Invoke(options);
        return await StartAsync(options);
    }

    /// <summary>Starts a host; on PostgreSQL (<see cref="TestDatabase"/>) with a fresh database, kept by <see cref="RestartAsync"/>.</summary>
    public static async Task<TestHost> StartAsync(TestHostOptions options) => await StartAsync(options, null, await TestDatabase.ProvideAsync(options.Settings));

    private static async Task<TestHost> StartAsync(TestHostOptions options, TempDirectory? owned, PostgresDatabase? ownedDatabase)
    {
        if (options.ContentRoot is null)
        {
            owned = new TempDirectory();
            options.ContentRoot = owned.Path;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.ContentRoot,
            EnvironmentName = options.EnvironmentName,
            ApplicationName = typeof(HandoffApplication).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(options.Settings);
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        HandoffApplication.ConfigureServices(builder);
        foreach (var replace in options.Services)
        {
            replace(builder.Services);
        }

        try
        {
            var app = await HandoffApplication.BuildAsync(builder);
            await app.StartAsync();
            return new TestHost(app, options, owned, ownedDatabase, logs);
        }
        catch
        {
            // A host that refuses to start (e.g. invalid settings) leaves no files (and no database) behind.
            owned?.Dispose();
            if (ownedDatabase is not null)
            {
                await ownedDatabase.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Stops this host and starts a new one on the same files and settings: what a server restart does.</summary>
    public async Task<TestHost> RestartAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Client.Dispose();
        var owned = _ownedDirectory;
        var ownedDatabase = _ownedDatabase;
        _ownedDirectory = null; // the new host owns the files (and the database: its settings are in Options) now
        _ownedDatabase = null;
        return await StartAsync(Options, owned, ownedDatabase);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await App.StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped by RestartAsync.
        }

        await App.DisposeAsync();
        _ownedDirectory?.Dispose();
        if (_ownedDatabase is not null)
        {
            await _ownedDatabase.DisposeAsync();
        }
    }
}
