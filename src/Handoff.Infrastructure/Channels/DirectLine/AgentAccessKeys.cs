using System.Security.Cryptography;
using System.Text;
using Handoff.Infrastructure.Secrets;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// The keys that let someone sign in to the agent web chat. Only SHA-256 hashes are kept; a candidate is compared with
/// every hash in constant time. With none configured, one key is generated at first start: its hash is kept with the
/// server's generated secrets (<c>data/</c>, owner-only) and the key itself is shown once (<see cref="GeneratedKey"/>).
/// </summary>
public sealed class AgentAccessKeys
{
    public const string FileName = "agent-access-keys";
    private const string HashPrefix = "sha256:";

    private readonly byte[][] _hashes;

    public AgentAccessKeys(IOptions<AgentWebChatOptions> options, IGeneratedSecrets secrets)
    {
        var configured = options.Value.AccessKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
        if (configured.Count == 0)
        {
            FilePath = secrets.LocationOf(FileName);
            var key = Base64UrlKey();
            var stored = secrets.GetOrCreate(FileName, () => HashPrefix + Convert.ToHexStringLower(Hash(key)) + "\n");
            GeneratedKey = stored.Created ? key : null;
            configured = [.. stored.Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        }

        _hashes = [.. configured.Select(ParseHash)];
    }

    /// <summary>The key generated at this start (null otherwise): to be shown to the operator once, never logged again.</summary>
    public string? GeneratedKey { get; }

    /// <summary>Where the generated key's hash is kept, when keys are not configured.</summary>
    public string? FilePath { get; }

    /// <summary>Whether <paramref name="key"/> is a valid agent key; <paramref name="keyHash"/> identifies which one (for stable agent ids).</summary>
    public bool Verify(string? key, out string keyHash)
    {
        keyHash = string.Empty;
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var candidate = Hash(key);
        var match = false;
        foreach (var hash in _hashes)
        {
            // No early exit: the time taken does not depend on which key (if any) matched.
            match |= CryptographicOperations.FixedTimeEquals(candidate, hash);
        }

        keyHash = match ? Convert.ToHexStringLower(candidate) : string.Empty;
        return match;
    }

    /// <summary>
    /// A short fingerprint of an agent key's hash, carried in the agent's token (never the key, nor its full hash), so a
    /// refresh can tell whether the key that signed the agent in is still configured.
    /// </summary>
    public static string FingerprintOf(string keyHash) => keyHash[..Math.Min(16, keyHash.Length)];

    /// <summary>Whether a key with this <see cref="FingerprintOf"/> is still one of the configured keys.</summary>
    public bool IsStillValid(string? fingerprint) =>
        !string.IsNullOrEmpty(fingerprint)
        && _hashes.Any(hash => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(FingerprintOf(Convert.ToHexStringLower(hash))), Encoding.ASCII.GetBytes(fingerprint)));

    /// <summary>A stable user id for an agent: the same display name with the same key is the same agent after a reload.</summary>
    public static string AgentUserId(string displayName, string keyHash) =>
        "agent_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(displayName.Trim().ToUpperInvariant() + "|" + keyHash)))[..24];

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static byte[] ParseHash(string entry) =>
        entry.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase) && entry.Length == HashPrefix.Length + 64
            ? Convert.FromHexString(entry[HashPrefix.Length..])
            : Hash(entry);

    private static string Base64UrlKey() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}
