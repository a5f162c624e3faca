using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>How an inbound Bot Framework request was authenticated.</summary>
public sealed record BotAuthentication(bool Succeeded, bool IsAnonymous, string? Failure)
{
    /// <summary>A validated Bot Connector token: the activity, its channel and its service URL are vouched for.</summary>
    public static readonly BotAuthentication Authenticated = new(true, false, null);

    /// <summary>No app id, <c>Bot:AllowAnonymous</c> (Development), no Authorization header, and the configured service URL.</summary>
    public static readonly BotAuthentication Anonymous = new(true, true, null);

    public static BotAuthentication Failed(string reason) => new(false, false, reason);
}

/// <summary>
/// Validates the Bot Connector's JWT on <c>POST /api/messages</c> exactly as the Bot Framework requires: issuer,
/// audience = app id, RS256/384/512, 5 minutes of clock skew, a key the connector publishes that endorses the
/// activity's channel, and a <c>serviceurl</c> claim equal (ignoring case) to the activity's service URL.
/// </summary>
public sealed class BotRequestAuthenticator(BotSigningKeys keys, IOptionsMonitor<BotOptions> options, TimeProvider clock, ILogger<BotRequestAuthenticator> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static readonly IReadOnlyList<string> AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private const string ServiceUrlClaim = "serviceurl";

    // MapInboundClaims = false: claims keep their wire names, so "serviceurl" is read as sent.
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<BotAuthentication> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        var result = await ValidateAsync(authorizationHeader, activity, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogWarning("Rejected a Bot Framework request for channel {Channel}: {Reason}", activity.ChannelId, result.Failure);
        }

        return result;
    }

    private async Task<BotAuthentication> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return settings.IsAuthenticationEnabled ? BotAuthentication.Failed("No Authorization header.") : Anonymous(settings, activity);
        }

        // As the Bot Framework SDK does: exactly "Bearer <token>", scheme compared case-sensitively.
        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || parts[0] != "Bearer" || parts[1].Length == 0)
        {
            return BotAuthentication.Failed("The Authorization header is not 'Bearer <token>'.");
        }

        if (!settings.IsAuthenticationEnabled)
        {
            // A present header is still validated, and nothing can match an unconfigured app id.
            return BotAuthentication.Failed("A token was sent but no Bot:MicrosoftAppId is configured.");
        }

        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(parts[1]);
        }
        catch (ArgumentException ex)
        {
            return BotAuthentication.Failed($"The token is malformed: {ex.Message}");
        }

        if (!AllowedAlgorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return BotAuthentication.Failed($"Signing algorithm '{token.Alg}' is not allowed.");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return BotAuthentication.Failed("The token names no signing key.");
        }

        var key = await keys.FindAsync(token.Kid, cancellationToken);
        if (key is null)
        {
            return BotAuthentication.Failed($"Signing key '{token.Kid}' is not published by the Bot Connector.");
        }

        var validated = await _handler.ValidateTokenAsync(parts[1], new TokenValidationParameters
        {
            ValidIssuer = settings.TokenIssuer,
            ValidAudience = settings.MicrosoftAppId,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = ValidateLifetime,
            TryAllIssuerSigningKeys = false,
        });
        if (!validated.IsValid)
        {
            return BotAuthentication.Failed($"The token is not valid: {validated.Exception?.GetType().Name}: {validated.Exception?.Message}");
        }

        if (string.IsNullOrWhiteSpace(activity.ChannelId) || !key.Endorsements.Contains(activity.ChannelId))
        {
            return BotAuthentication.Failed($"Signing key '{key.KeyId}' does not endorse channel '{activity.ChannelId}'.");
        }

        if (!token.TryGetPayloadValue<string>(ServiceUrlClaim, out var serviceUrl) || string.IsNullOrWhiteSpace(serviceUrl))
        {
            return BotAuthentication.Failed("The token has no serviceurl claim.");
        }

        if (!string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return BotAuthentication.Failed("The token's serviceurl claim does not match the activity's serviceUrl.");
        }

        return BotAuthentication.Authenticated;
    }

    /// <summary>
    /// Anonymous traffic only when chosen (<c>Bot:AllowAnonymous</c>), and only naming the configured service URL, so
    /// that the server never posts its replies to an address the caller picked.
    /// </summary>
    private static BotAuthentication Anonymous(BotOptions settings, Activity activity)
    {
        if (!settings.AllowAnonymous)
        {
            return BotAuthentication.Failed("No Bot:MicrosoftAppId is configured and Bot:AllowAnonymous is off.");
        }

        return string.Equals(activity.ServiceUrl?.TrimEnd('/'), settings.AnonymousServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            ? BotAuthentication.Anonymous
            : BotAuthentication.Failed("An anonymous activity must name Bot:AnonymousServiceUrl as its serviceUrl.");
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken securityToken, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is null || now > expires.Value.Add(ClockSkew))
        {
            throw new SecurityTokenExpiredException($"The token expired at {expires:O}.");
        }

        if (notBefore is { } nbf && now < nbf.Subtract(ClockSkew))
        {
            throw new SecurityTokenNotYetValidException($"The token is not valid before {nbf:O}.");
        }

        return true;
    }
}
