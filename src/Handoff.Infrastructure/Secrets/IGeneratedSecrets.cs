namespace Handoff.Infrastructure.Secrets;

/// <summary>
/// Secrets the server generates for itself when none are configured (the Direct Line signing key, the agent access key
/// hashes, the management API key) and must find again after a restart. A seam because today's adapter
/// (<see cref="DataDirectorySecrets"/>) keeps them in files under <c>data/</c>, which only one server (or servers
/// sharing that directory) can see; several instances need a shared store, or the keys configured.
/// </summary>
public interface IGeneratedSecrets
{
    /// <summary>
    /// The secret called <paramref name="name"/>; the first caller ever creates it with <paramref name="create"/>.
    /// <see cref="GeneratedSecret.Created"/> is true only for that caller, so a generated key is shown exactly once.
    /// </summary>
    GeneratedSecret GetOrCreate(string name, Func<string> create);

    /// <summary>
    /// Overwrites the stored secret <paramref name="name"/> (an old plain management key becomes its hash), so that a
    /// reader sees either the old or the new value, never a partial one.
    /// </summary>
    void Replace(string name, string value);

    /// <summary>Where <paramref name="name"/> is kept, for the operator's console (never the value).</summary>
    string LocationOf(string name);
}

/// <summary>A stored secret, and whether this call generated it.</summary>
public sealed record GeneratedSecret(string Value, bool Created);
