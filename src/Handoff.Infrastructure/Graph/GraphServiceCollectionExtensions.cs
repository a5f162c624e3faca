using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Graph;

/// <summary>Registers the Microsoft Graph adapters of <see cref="IAgentDirectory"/> and <see cref="IMeetingScheduler"/>.</summary>
public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// The Graph adapters replace the "not configured" defaults unconditionally: they read the <c>Teams</c> and
    /// <c>Graph</c> settings at each call and answer "not configured" exactly like the defaults while the settings are
    /// absent, so Teams handoff can be configured at run time without a restart.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FluentValidation.IValidator<GraphOptions>, GraphOptionsValidator>();
        services.AddSingleton<IValidateOptions<GraphOptions>, FluentOptionsValidation<GraphOptions>>();
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName)).ValidateOnStart();

        services.TryAddSingleton<IGraphCredentialFactory, ClientSecretCredentialFactory>();
        services.AddSingleton<GraphClientProvider>();
        services.AddSingleton<MembershipCache>();
        services.AddSingleton<IAgentDirectory, GraphAgentDirectory>();
        services.AddSingleton<IMeetingScheduler, GraphMeetingScheduler>();
        services.AddSingleton<MembershipRevalidationService>();
        services.AddHostedService(sp => sp.GetRequiredService<MembershipRevalidationService>());
        return services;
    }
}
