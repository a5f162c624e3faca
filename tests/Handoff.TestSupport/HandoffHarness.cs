using Handoff.Application.Common.Interfaces;
using Handoff.Bot.Configuration;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport.Postgres;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.TestSupport;

/// <summary>
/// The real application and infrastructure (Mediator pipeline, EF Core on a Sqlite file or PostgreSQL as
/// <see cref="TestDatabase"/> says, the outbox) without the web
/// host: commands go through a real scoped <see cref="ISender"/>; fakes stand only at the ports (channel sender, agent
/// directory, meeting scheduler) and the clock. Background loops do not run: tests deliver the outbox explicitly.
/// </summary>
public sealed class HandoffHarness : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private readonly PostgresDatabase? _database;

    private HandoffHarness(IDictionary<string, string?> settings, Action<IServiceCollection>? configure, PostgresDatabase? database)
    {
        _database = database;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Handoff"] = $"Data Source={Path.Combine(_directory.Path, "handoff.db")}",
            })
            .AddInMemoryCollection(settings)
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddHandoff(configuration, _directory.Path);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IAgentDirectory>(Directory);
        services.AddSingleton<IMeetingScheduler>(Meetings);
        services.ReplaceChannelSender(Sender, DirectLineActivities.ChannelId, ChannelSenders.BotConnector);
        configure?.Invoke(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public RecordingChannelSender Sender { get; } = new();

    public FakeAgentDirectory Directory { get; } = new();

    public FakeMeetingScheduler Meetings { get; } = new();

    public LogCapture Logs { get; } = new();

    public ServiceProvider Services { get; }

    /// <param name="services">Adds to the application's services, e.g. a test-only command (<c>AddHandoffCommands</c>).</param>
    public static async Task<HandoffHarness> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        var database = await TestDatabase.ProvideAsync(all);
        var harness = new HandoffHarness(all, services, database);
        await harness.Services.InitializeDatabaseAsync();
        return harness;
    }

    /// <summary>Sends a command through the real pipeline in its own scope, as a request would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }

    public async Task<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query);
    }

    /// <summary>Reads the database in a fresh scope.</summary>
    public async Task<T> ReadAsync<T>(Func<HandoffDbContext, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<HandoffDbContext>());
    }

    /// <summary>Runs one outbox pass; returns what was delivered during it.</summary>
    public async Task<IReadOnlyList<RecordingChannelSender.Delivered>> DeliverAsync()
    {
        var before = Sender.Messages.Count;
        await Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        return [.. Sender.Messages.Skip(before)];
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _directory.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
