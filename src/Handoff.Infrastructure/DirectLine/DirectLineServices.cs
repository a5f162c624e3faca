using Handoff.Application.Common.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.DirectLine;

/// <summary>Registers the embedded Direct Line channel: tokens, agent keys, the persisted log, streams and the sender.</summary>
public static class DirectLineServices
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddOptions<DirectLineOptions>().Bind(configuration.GetSection(DirectLineOptions.SectionName));
        services.AddOptions<AgentWebChatOptions>().Bind(configuration.GetSection(AgentWebChatOptions.SectionName));
        services.AddSingleton(sp => new DirectLineTokenService(sp.GetRequiredService<IOptions<DirectLineOptions>>(), sp.GetRequiredService<TimeProvider>(), contentRootPath));
        services.AddSingleton(sp => new AgentAccessKeys(sp.GetRequiredService<IOptions<AgentWebChatOptions>>(), contentRootPath));
        services.AddSingleton<DirectLineStreamHub>();
        services.AddSingleton<DirectLineStreamSession>();
        services.AddScoped<DirectLineStore>();
        services.AddSingleton<IChannelSender, DirectLineChannelSender>();
        return services;
    }
}
