using Azure.Core;
using FluentValidation;
using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>
/// Registers the Bot Framework channel (Teams and every Bot Connector channel): options, inbound token validation, the
/// connector client and the sender of the <see cref="ChannelSenders.BotConnector"/> key. The host then calls
/// <see cref="BotFrameworkEndpoints.UseBotFrameworkChannel"/>.
/// </summary>
public static class BotFrameworkServices
{
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidator<BotOptions>, BotOptionsValidator>();
        services.AddSingleton<IValidateOptions<BotOptions>, FluentOptionsValidation<BotOptions>>();
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName)).ValidateOnStart();

        services.AddHttpClient(BotSigningKeys.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<BotSigningKeys>();
        services.AddSingleton<BotRequestAuthenticator>();

        // One credential per process; tests replace it with a fake that hands out a fixed token.
        services.AddKeyedSingleton<TokenCredential>(BotTokenProvider.CredentialKey, (sp, _) => BotCredentialSettings.CreateCredential(sp.GetRequiredService<IOptions<BotOptions>>().Value));
        services.AddSingleton<IBotTokenProvider, BotTokenProvider>();
        services.AddHttpClient(BotConnectorClient.HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<BotOptions>>().Value.ConnectorTimeout)
            .AddHttpMessageHandler(() => new Observability.DependencyCallHandler(Observability.DependencyCallHandler.BotConnector));
        services.AddSingleton<BotConnectorClient>();
        services.AddChannelSender<BotFrameworkChannelSender>(ChannelSenders.BotConnector);
        services.AddChannelTypingIndicator<BotFrameworkTypingIndicator>(ChannelSenders.BotConnector);

        // Teams channel mode (ADR-037).
        services.AddScoped<Application.Common.Interfaces.IAgentChannel, AgentChannel.AgentChannelDirectory>();
        services.AddScoped<AgentChannel.TeamInstallations>();
        return services;
    }
}
