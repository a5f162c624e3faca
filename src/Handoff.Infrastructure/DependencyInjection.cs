using FluentValidation;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Cluster;
using Handoff.Infrastructure.Graph;
using Handoff.Infrastructure.Management;
using Handoff.Infrastructure.Observability;
using Handoff.Infrastructure.Outbox;
using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Postgres;
using Handoff.Infrastructure.Persistence.Repositories;
using Handoff.Infrastructure.Persistence.Sqlite;
using Handoff.Infrastructure.Retention;
using Handoff.Infrastructure.Secrets;
using Handoff.Infrastructure.Settings;
using Handoff.Infrastructure.Timeouts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure;

/// <summary>Registers persistence, the outbox and its dispatcher, settings, background scanners and the default ports.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.TryAddSingleton(TimeProvider.System);

        AddValidatedOptions<HandoffOptions, HandoffOptionsValidator>(services, configuration, HandoffOptions.SectionName);
        services.AddSingleton<IPostConfigureOptions<HandoffOptions>>(new LocaleMessagesSetup(configuration));
        AddValidatedOptions<TeamsOptions, TeamsOptionsValidator>(services, configuration, TeamsOptions.SectionName);
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName));
        services.AddScoped<IHandoffSettings, ConfiguredHandoffSettings>();

        services.AddSingleton<OutboxSignal>();
        services.TryAddSingleton<IChangeNotifications, InProcessChangeNotifications>();
        services.TryAddSingleton<OperatorConsole>();
        var database = services.AddPersistence(configuration, contentRootPath);
        AddCluster(services, database, contentRootPath);
        services.AddScoped<IConversationRepository, ConversationRepository>();
        services.AddScoped<IAgentRepository, AgentRepository>();
        services.AddSingleton<LanguageModelCache>();
        services.AddScoped<ILanguageModelRepository, LanguageModelRepository>();
        services.AddScoped<ITranscriptRepository, TranscriptRepository>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<IProcessedActivities, ProcessedActivities>();
        services.AddScoped<IHandoffQueries, HandoffQueries>();
        services.AddScoped<IOutbox, EfOutbox>();
        services.AddManagementInfrastructure(configuration, database);

        services.AddSingleton<ChannelSenders>();
        services.AddSingleton<ITypingIndicator, ChannelTypingIndicators>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddHostedService<TimeoutScanner>();
        services.AddRetention(configuration);
        services.AddBotFrameworkChannel(configuration);
        services.AddDirectLineChannel(configuration);
        if (database is PostgresPersistenceProvider postgres)
        {
            // Several instances share the database: changes, wake-ups and settings reach all of them.
            services.AddPostgresClusterServices(configuration, postgres.ConnectionString);
            services.AddDirectLineWakeUpsAcrossInstances();
        }

        // The agent directory and meeting scheduler: Microsoft Graph adapters, which answer "not configured" until the
        // Teams settings are present (they may be saved later through the management API, without a restart).
        services.AddGraph(configuration);
        services.AddObservability(configuration);
        return services;
    }

    /// <summary>
    /// What instances sharing one database agree on through it (ADR-039): leases for both providers (with one Sqlite
    /// process they are simply always this process's); on a shared database (every provider but Sqlite) the outbox is
    /// claimed by lease and generated keys live in the database instead of in files under <c>data/</c>.
    /// </summary>
    private static void AddCluster(IServiceCollection services, IPersistenceProvider database, string contentRootPath)
    {
        services.TryAddSingleton<ClusterInstance>();
        services.AddSingleton<ILeases, DatabaseLeases>();
        services.AddSingleton<OncePerPeriod>();

        var shared = !string.Equals(database.Name, SqlitePersistenceProvider.ProviderName, StringComparison.Ordinal);
        if (shared)
        {
            services.Replace(ServiceDescriptor.Singleton<IOutboxConversationClaims, LeasedOutboxConversationClaims>());
            services.AddSingleton<IGeneratedSecrets, DatabaseSecrets>();
        }
        else
        {
            services.AddSingleton<IGeneratedSecrets>(new DataDirectorySecrets(contentRootPath));
        }
    }

    private static void AddValidatedOptions<TOptions, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>
    {
        services.AddSingleton<IValidator<TOptions>, TValidator>();
        services.AddSingleton<IValidateOptions<TOptions>, FluentOptionsValidation<TOptions>>();
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }
}
