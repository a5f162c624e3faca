using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>The bot's own token for calls to the Bot Connector; null when no app id is configured (local development).</summary>
public interface IBotTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Gets the bot's token from the <see cref="TokenCredential"/> registered under <see cref="CredentialKey"/> (one per
/// process; tests put a fake there) and keeps it until shortly before it expires.
/// </summary>
public sealed class BotTokenProvider(IServiceProvider services, IOptions<BotOptions> options, TimeProvider clock) : IBotTokenProvider
{
    public const string CredentialKey = "BotFramework";

    private static readonly TimeSpan s_renewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private AccessToken? _cached;

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsAuthenticationEnabled)
        {
            return null;
        }

        if (_cached is { } cached && cached.ExpiresOn - s_renewBefore > clock.GetUtcNow())
        {
            return cached.Token;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.ExpiresOn - s_renewBefore > clock.GetUtcNow())
            {
                return again.Token;
            }

            var credential = services.GetRequiredKeyedService<TokenCredential>(CredentialKey);
            var token = await credential.GetTokenAsync(new TokenRequestContext([settings.OAuthScope]), cancellationToken);
            _cached = token;
            return token.Token;
        }
        finally
        {
            _lock.Release();
        }
    }
}

/// <summary>Where the bot's client-credentials token comes from: the tenant (own or botframework.com) and the authority host.</summary>
public sealed record BotCredentialSettings(string TenantId, string ClientId, Uri AuthorityHost)
{
    public static BotCredentialSettings From(BotOptions options) =>
        new(options.TokenTenant, options.MicrosoftAppId ?? string.Empty, new Uri(options.AuthorityHost));

    /// <summary>The production credential: a client secret against the tenant that issues the bot's token.</summary>
    public static TokenCredential CreateCredential(BotOptions options)
    {
        var settings = From(options);
        return new ClientSecretCredential(settings.TenantId, settings.ClientId, options.MicrosoftAppPassword, new ClientSecretCredentialOptions { AuthorityHost = settings.AuthorityHost });
    }
}
