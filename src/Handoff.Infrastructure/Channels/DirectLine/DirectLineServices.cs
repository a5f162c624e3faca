using Handoff.Infrastructure.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Registers the embedded Direct Line channel: tokens, agent keys, the persisted log, streams, the inbound mapping, its
/// web plumbing and the sender. The host then calls <see cref="DirectLineWeb.UseDirectLineChannel"/>.
/// </summary>
public static class DirectLineServices
{
    public static IServiceCollection AddDirectLineChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineOptions>().Bind(configuration.GetSection(DirectLineOptions.SectionName));
        services.AddOptions<AgentWebChatOptions>().Bind(configuration.GetSection(AgentWebChatOptions.SectionName));
        services.AddSingleton<DirectLineTokenService>();
        services.AddSingleton<AgentAccessKeys>();
        services.AddSingleton<AgentSessions>();
        services.AddSingleton<Handoff.Application.Common.Interfaces.IAgentCredentials>(sp => sp.GetRequiredService<AgentSessions>());
        // The hub is this instance's streams; IStreamWakeUps is the hub alone, or the hub decorated for several instances.
        services.AddSingleton<DirectLineStreamHub>();
        services.AddSingleton<IStreamWakeUps>(sp => sp.GetRequiredService<DirectLineStreamHub>());
        services.AddSingleton<DirectLineStreamSession>();
        services.AddScoped<DirectLineStore>();
        services.AddScoped<IChannelDataEraser, DirectLineDataEraser>();
        services.AddChannelSender<DirectLineChannelSender>(DirectLineActivities.ChannelId);
        services.AddChannelTypingIndicator<DirectLineTypingIndicator>(DirectLineActivities.ChannelId);
        services.AddDirectLineWeb(configuration);
        return services;
    }

    /// <summary>
    /// With several instances (after <see cref="AddDirectLineChannel"/> and the cluster's change notifications): the
    /// local hub stays, decorated by <see cref="ClusterStreamWakeUps"/>, so appends and typing on any instance reach the
    /// streams of every instance.
    /// </summary>
    public static IServiceCollection AddDirectLineWakeUpsAcrossInstances(this IServiceCollection services)
    {
        services.RemoveAll<IStreamWakeUps>();
        services.AddSingleton<IStreamWakeUps, ClusterStreamWakeUps>();
        return services;
    }
}
