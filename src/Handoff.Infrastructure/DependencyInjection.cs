using FluentValidation;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Infrastructure.BotFramework;
using Handoff.Infrastructure.DirectLine;
using Handoff.Infrastructure.Graph;
using Handoff.Infrastructure.Management;
using Handoff.Infrastructure.Observability;
using Handoff.Infrastructure.Outbox;
using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Persistence.Repositories;
using Handoff.Infrastructure.Settings;
using Handoff.Infrastructure.Timeouts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
        AddValidatedOptions<TeamsOptions, TeamsOptionsValidator>(services, configuration, TeamsOptions.SectionName);
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName));
        services.AddScoped<IHandoffSettings, ConfiguredHandoffSettings>();

        var connectionString = SqliteConnectionString(configuration, contentRootPath);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddDbContext<HandoffDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqliteConnectionInterceptor(), new CommittedMeasurements.Interceptor()));
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<HandoffDbContext>());
        services.AddScoped<IConversationRepository, ConversationRepository>();
        services.AddScoped<IAgentRepository, AgentRepository>();
        services.AddScoped<ILanguageModelRepository, LanguageModelRepository>();
        services.AddScoped<ITranscriptRepository, TranscriptRepository>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<IProcessedActivities, ProcessedActivities>();
        services.AddScoped<IHandoffQueries, HandoffQueries>();
        services.AddScoped<IOutbox, EfOutbox>();
        services.AddManagementInfrastructure(configuration, connectionString);

        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddHostedService<TimeoutScanner>();
        services.AddBotFramework(configuration);
        services.AddDirectLine(configuration, contentRootPath);

        // The agent directory and meeting scheduler: Microsoft Graph adapters, which answer "not configured" until the
        // Teams settings are present (they may be saved later through the management API, without a restart).
        services.AddGraph(configuration);
        services.AddObservability(configuration);
        return services;
    }

    /// <summary><c>ConnectionStrings:Handoff</c>, or a Sqlite file under <c>data/</c> beside the content root.</summary>
    public static string SqliteConnectionString(IConfiguration configuration, string contentRootPath)
    {
        var configured = configuration.GetConnectionString("Handoff");
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/handoff.db" : configured);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRootPath, builder.DataSource));
        }

        var directory = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        return builder.ToString();
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
