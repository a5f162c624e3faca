using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Infrastructure.Secrets;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>What a valid Direct Line token says: one conversation, one user, and whether that user signed in as an agent.</summary>
public sealed record DirectLineToken(string ConversationId, string UserId, string? UserName, bool IsAgent, DateTimeOffset ExpiresAt)
{
    /// <summary>A stream token (the <c>t</c> of a <c>streamUrl</c>): it opens that conversation's WebSocket and nothing else.</summary>
    public bool IsStreamOnly { get; init; }

    /// <summary>For a stream token: when the stream it opens is closed (the expiry of the credential it was issued to).</summary>
    public DateTimeOffset? StreamUntil { get; init; }

    /// <summary>For an agent: the fingerprint of the access key it signed in with (<see cref="AgentAccessKeys.FingerprintOf"/>).</summary>
    public string? AgentKey { get; init; }

    /// <summary>For an agent: the session generation of its identity when issued (<see cref="AgentSessions"/>); older ones are refused.</summary>
    public long AgentGeneration { get; init; }
}

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

    /// <summary>How long a stream token lets its holder open the WebSocket: long enough to connect, short enough that a URL in a log is useless.</summary>
    public static readonly TimeSpan StreamTokenLifetime = TimeSpan.FromMinutes(2);

    public TimeSpan Lifetime => _options.TokenLifetime;

    public IssuedToken Issue(string conversationId, string userId, string? userName, bool isAgent, string? agentKey = null, long agentGeneration = 0) =>
        Issue(new DirectLineToken(conversationId, userId, userName, isAgent, default) { AgentKey = agentKey, AgentGeneration = agentGeneration }, streamOnly: false, _options.TokenLifetime);

    /// <summary>
    /// The token of a <c>streamUrl</c>: for the same conversation and user, valid only for opening the stream and only
    /// briefly. A URL may end up in a proxy's or a browser's logs, so it never carries a secret or a conversation token.
    /// </summary>
    /// <param name="user">whose stream it opens</param>
    /// <param name="until">when that stream is closed: the expiry of the caller's token (a secret's caller: one token lifetime from now)</param>
    public string IssueStreamToken(DirectLineToken user, DateTimeOffset? until) =>
        Issue(user with { StreamUntil = until ?? _clock.GetUtcNow() + _options.TokenLifetime }, streamOnly: true, StreamTokenLifetime).Token;

    private IssuedToken Issue(DirectLineToken user, bool streamOnly, TimeSpan lifetime)
    {
        var (conversationId, userId, userName, isAgent) = (user.ConversationId, user.UserId, user.UserName, user.IsAgent);
        var now = _clock.GetUtcNow();
        var claims = user with { ExpiresAt = now + lifetime, IsStreamOnly = streamOnly };
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

        if (streamOnly)
        {
            payload["scope"] = "stream";
            payload["until"] = user.StreamUntil?.ToUnixTimeSeconds();
        }

        if (user.AgentKey is { } agentKey)
        {
            payload["akey"] = agentKey;
            payload["agen"] = user.AgentGeneration;
        }

        var unsigned = s_header + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var token = unsigned + "." + Base64Url.EncodeToString(Sign(unsigned));
        return new IssuedToken(conversationId, token, (int)lifetime.TotalSeconds, claims);
    }

    /// <summary>A new token for the same conversation and user (and agent key), valid for a full lifetime from now.</summary>
    public IssuedToken Refresh(DirectLineToken current) => Issue(current, streamOnly: false, _options.TokenLifetime);

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

        // Only the one spelling this service issues: padding, whitespace or other encodings of the same bytes are
        // refused, so one token cannot appear as many (rate-limit partitions, revocation lists).
        if (Base64Url.EncodeToString(signature) != parts[2] || Base64Url.EncodeToString(payloadBytes) != parts[1])
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
                DateTimeOffset.FromUnixTimeSeconds((long)payload["exp"]!))
            {
                IsStreamOnly = (string?)payload["scope"] == "stream",
                AgentKey = (string?)payload["akey"],
                AgentGeneration = payload["agen"] is JsonValue generation && generation.TryGetValue<long>(out var g) ? g : 0,
                StreamUntil = payload["until"] is JsonValue until && until.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            };
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
