using Azure.Core;
using FluentValidation;
using Handoff.Application.Common.Messaging;
using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.BotFramework;

/// <summary>Registers the Bot Framework channel: options, inbound token validation, the connector client and the channel sender.</summary>
public static class BotFrameworkServices
{
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
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
        services.AddSingleton<IChannelSender, BotFrameworkChannelSender>();
        return services;
    }
}
