using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>One key the Bot Connector signs with, and the channels it vouches for (its <c>endorsements</c>).</summary>
public sealed record BotSigningKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// The Bot Connector's signing keys: the OpenID metadata names the JWKS, whose keys carry the extra
/// <c>endorsements</c> array that generic OpenID libraries drop, so the raw JWKS is read here. Keys are re-read
/// periodically and when a token names a key id not seen yet (a new key appears before old tokens expire).
/// A key-id miss refreshes synchronously, before the token is judged; IdentityModel's ConfigurationManager refreshes
/// in the background and would reject the first token signed with a new key. While the endpoint fails, it is tried at
/// most once per <see cref="BotOptions.SigningKeysMinimumRefreshInterval"/>: meanwhile requests are judged at once with
/// the keys already known (so a failing endpoint cannot pile requests up behind one fetch after another).
/// </summary>
public sealed class BotSigningKeys(IHttpClientFactory httpClients, IOptionsMonitor<BotOptions> options, TimeProvider clock, ILogger<BotSigningKeys> logger)
{
    public const string HttpClientName = "BotFramework.OpenId";

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private IReadOnlyDictionary<string, BotSigningKey> _keys = new Dictionary<string, BotSigningKey>();
    private DateTimeOffset? _loadedAt;
    private DateTimeOffset? _lastForcedRefresh;
    private DateTimeOffset? _lastFailure;

    /// <summary>The key with <paramref name="keyId"/>, or null when the Bot Connector does not publish it (even after a refresh).</summary>
    public async Task<BotSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (_loadedAt is null || clock.GetUtcNow() - _loadedAt >= settings.SigningKeysRefreshInterval)
        {
            await RefreshAsync(force: false, cancellationToken);
        }

        if (_keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        await RefreshAsync(force: true, cancellationToken);
        return _keys.GetValueOrDefault(keyId);
    }

    private async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        var loadedBefore = _loadedAt;
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var settings = options.CurrentValue;
            var now = clock.GetUtcNow();
            if (_loadedAt != loadedBefore)
            {
                return; // another request refreshed while this one waited
            }

            if (_lastFailure is { } failed && now - failed < settings.SigningKeysMinimumRefreshInterval)
            {
                return; // the endpoint failed a moment ago (perhaps for a request this one waited behind): fail fast
            }

            if (force)
            {
                if (_lastForcedRefresh is { } last && now - last < settings.SigningKeysMinimumRefreshInterval)
                {
                    return;
                }

                _lastForcedRefresh = now;
            }

            var http = httpClients.CreateClient(HttpClientName);
            using var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri(settings.OpenIdMetadataUrl), cancellationToken));
            var jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String
                ? uri.GetString()!
                : throw new InvalidOperationException($"The OpenID metadata at {settings.OpenIdMetadataUrl} has no jwks_uri.");
            var jwks = await http.GetStringAsync(new Uri(jwksUri), cancellationToken);
            _keys = Parse(jwks);
            _loadedAt = now;
            _lastFailure = null;
            logger.LogInformation("Loaded {Count} Bot Connector signing keys from {Uri}", _keys.Count, jwksUri);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Keep the keys we have: a failing key endpoint must not reject tokens signed with known keys.
            _lastFailure = clock.GetUtcNow();
            logger.LogWarning(ex, "Could not refresh the Bot Connector signing keys");
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private static Dictionary<string, BotSigningKey> Parse(string jwks)
    {
        var keys = new Dictionary<string, BotSigningKey>(StringComparer.Ordinal);
        var set = new JsonWebKeySet(jwks);
        using var raw = JsonDocument.Parse(jwks);
        var endorsements = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (raw.RootElement.TryGetProperty("keys", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in array.EnumerateArray())
            {
                if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String &&
                    key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    endorsements[kid.GetString()!] = list.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.String)
                        .Select(e => e.GetString()!)
                        .ToHashSet(StringComparer.Ordinal);
                }
            }
        }

        foreach (var key in set.Keys.Where(k => !string.IsNullOrEmpty(k.Kid)))
        {
            keys[key.Kid] = new BotSigningKey(key.Kid, key, endorsements.TryGetValue(key.Kid, out var channels) ? channels : new HashSet<string>());
        }

        return keys;
    }
}
