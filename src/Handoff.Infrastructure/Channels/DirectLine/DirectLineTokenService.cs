using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Infrastructure.Secrets;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>What a valid Direct Line token says: one conversation, one user, and whether that user signed in as an agent.</summary>
public sealed record DirectLineToken(string ConversationId, string UserId, string? UserName, bool IsAgent, DateTimeOffset ExpiresAt);

/// <summary>A freshly issued token as the Direct Line API returns it.</summary>
public sealed record IssuedToken(string ConversationId, string Token, int ExpiresIn, DirectLineToken Claims);

public enum TokenCheck
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Issues and checks Direct Line tokens: HS256 JWTs signed with the server's key. They are JWTs because DirectLineJS and
/// Web Chat read the <c>user</c> claim to know who "I" am; the server trusts only its own signature and expiry.
/// </summary>
public sealed class DirectLineTokenService
{
    public const string KeyFileName = "directline-token-signing.key";

    private const string Issuer = "handoff-directline";
    private static readonly string s_header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly byte[][] _secretHashes;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _clock;

    public DirectLineTokenService(IOptions<DirectLineOptions> options, TimeProvider clock, IGeneratedSecrets secrets)
    {
        _options = options.Value;
        _clock = clock;
        _key = LoadKey(_options.TokenSigningKey, secrets);
        _secretHashes = [.. _options.Secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => SHA256.HashData(Encoding.UTF8.GetBytes(s)))];
    }

    public TimeSpan Lifetime => _options.TokenLifetime;

    public IssuedToken Issue(string conversationId, string userId, string? userName, bool isAgent)
    {
        var now = _clock.GetUtcNow();
        var claims = new DirectLineToken(conversationId, userId, userName, isAgent, now + _options.TokenLifetime);
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["conv"] = conversationId,
            ["user"] = userId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = claims.ExpiresAt.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        if (!string.IsNullOrEmpty(userName))
        {
            payload["name"] = userName;
        }

        if (isAgent)
        {
            payload["agent"] = true;
        }

        var unsigned = s_header + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var token = unsigned + "." + Base64Url.EncodeToString(Sign(unsigned));
        return new IssuedToken(conversationId, token, (int)_options.TokenLifetime.TotalSeconds, claims);
    }

    /// <summary>A new token for the same conversation and user, valid for a full lifetime from now.</summary>
    public IssuedToken Refresh(DirectLineToken current) => Issue(current.ConversationId, current.UserId, current.UserName, current.IsAgent);

    public TokenCheck Check(string token, out DirectLineToken? claims)
    {
        claims = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != s_header)
        {
            return TokenCheck.Invalid;
        }

        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payloadBytes = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return TokenCheck.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return TokenCheck.Invalid;
        }

        try
        {
            var payload = JsonNode.Parse(payloadBytes)!.AsObject();
            if ((string?)payload["iss"] != Issuer)
            {
                return TokenCheck.Invalid;
            }

            claims = new DirectLineToken(
                (string)payload["conv"]!,
                (string)payload["user"]!,
                (string?)payload["name"],
                payload["agent"] is JsonValue agent && agent.TryGetValue<bool>(out var isAgent) && isAgent,
                DateTimeOffset.FromUnixTimeSeconds((long)payload["exp"]!));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            return TokenCheck.Invalid;
        }

        return claims.ExpiresAt <= _clock.GetUtcNow() ? TokenCheck.Expired : TokenCheck.Valid;
    }

    /// <summary>Whether <paramref name="value"/> is one of the configured Direct Line secrets (constant time per secret).</summary>
    public bool IsSecret(string value)
    {
        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        var match = false;
        foreach (var hash in _secretHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(candidate, hash);
        }

        return match;
    }

    private byte[] Sign(string unsigned) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned));

    private static byte[] LoadKey(string? configured, IGeneratedSecrets secrets)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.Length < 32)
            {
                throw new InvalidOperationException("DirectLine:TokenSigningKey must be at least 32 characters long.");
            }

            return Encoding.UTF8.GetBytes(configured);
        }

        // No key configured: generate one once and keep it, so tokens survive a restart.
        var stored = secrets.GetOrCreate(KeyFileName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return Convert.FromBase64String(stored.Value.Trim());
    }
}
