namespace Handoff.Infrastructure.Secrets;

/// <summary>
/// A row of table <c>GeneratedSecrets</c> (<see cref="DatabaseSecrets"/>): what a <see cref="DataDirectorySecrets"/> file
/// holds, for instances that share one database. <see cref="Value"/> is exactly what the caller stored: a hash for what
/// only needs verifying (the management and agent keys), the key itself for what must be used (the Direct Line signing key).
/// </summary>
public sealed class StoredSecret
{
    public string Name { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
