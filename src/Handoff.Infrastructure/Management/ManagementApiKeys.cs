using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Handoff.Infrastructure.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// The management API keys: <c>Management:ApiKeys</c> entries, each a plain key or <c>sha256:&lt;hex&gt;</c> (an entry's
/// name, when not a list index, is who the key belongs to). With none configured, one key is generated at first start:
/// it is shown once and only its hash is kept, in the server's generated secrets (<c>data/management-api-key</c>, owner
/// read/write only). Keys are compared as SHA-256 hashes in constant time.
/// </summary>
public sealed class ManagementApiKeys(IConfiguration configuration, IGeneratedSecrets secrets, ILogger<ManagementApiKeys> logger)
{
    public const string SectionName = "Management:ApiKeys";
    public const string HashPrefix = "sha256:";
    public const string KeyFileName = "management-api-key";

    private readonly Lock _gate = new();
    private ApiKeyEntry? _fileKey;

    public string KeyFilePath => secrets.LocationOf(KeyFileName);

    /// <summary>
    /// With no configured key, loads the key file, or creates it. Returns the key only when it was just generated, so
    /// the caller can show it once. The file keeps only the key's hash; a file written by an older version (the plain
    /// key) is rewritten as its hash on first read.
    /// </summary>
    public string? EnsureKey()
    {
        if (ConfiguredEntries().Count > 0)
        {
            return null;
        }

        lock (_gate)
        {
            string? generated = null;
            var secret = secrets.GetOrCreate(KeyFileName, () =>
            {
                generated = Base64Url(RandomNumberGenerator.GetBytes(32));
                return HashOf(generated) + "\n";
            });
            var stored = secret.Value.Trim();

            // A key file from before only hashes were kept holds the plain key: it becomes its hash on first read.
            if (!stored.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase))
            {
                stored = HashOf(stored);
                secrets.Replace(KeyFileName, stored + "\n");
            }

            _fileKey = Entry("generated", stored, named: false);

            // A start that lost the race to create the file generated a key nobody stored: nothing to show.
            return secret.Created ? generated : null;
        }
    }

    /// <summary>Who the presented key belongs to, or null when it matches none.</summary>
    public string? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 1_000)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var entries = ConfiguredEntries();
        if (entries.Count == 0 && _fileKey is { } fileKey)
        {
            entries = [fileKey];
        }

        string? actor = null;
        foreach (var entry in entries)
        {
            // Every entry is compared, so the time taken does not tell which one (or how much of one) matched.
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash) && actor is null)
            {
                actor = entry.Actor;
            }
        }

        return actor;
    }

    /// <summary>The <c>sha256:&lt;hex&gt;</c> form of a key, for <c>Management:ApiKeys</c>.</summary>
    public static string HashOf(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private List<ApiKeyEntry> ConfiguredEntries()
    {
        var section = configuration.GetSection(SectionName);
        var entries = new List<ApiKeyEntry>();
        var children = section.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToList();
        if (children.Count == 0 && !string.IsNullOrWhiteSpace(section.Value))
        {
            // A single environment variable may list several keys: Management__ApiKeys="k1;k2".
            children = [.. section.Value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select((value, index) => new ConfigurationSection(new ConfigurationRoot([]), index.ToString(CultureInfo.InvariantCulture)) { Value = value })];
        }

        foreach (var child in children)
        {
            var named = !int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            var entry = Entry(child.Key, child.Value!.Trim(), named);
            if (entry is null)
            {
                logger.LogWarning("Management:ApiKeys:{Entry} is not a valid sha256:<64 hex digits> hash and is ignored.", child.Key);
                continue;
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static ApiKeyEntry? Entry(string name, string value, bool named)
    {
        byte[] hash;
        if (value.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var hex = value[HashPrefix.Length..];
            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            {
                return null;
            }

            hash = Convert.FromHexString(hex);
        }
        else
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        }

        // Unnamed keys are told apart in the audit log by a short fingerprint of their hash, never by the key.
        var actor = named ? $"api-key:{name}" : $"api-key:{Convert.ToHexStringLower(hash)[..8]}";
        return new ApiKeyEntry(actor, hash);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record ApiKeyEntry(string Actor, byte[] Hash);
}
