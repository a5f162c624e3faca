namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// A row of table <c>Leases</c>: <see cref="Name"/> is held by <see cref="Holder"/> (an instance id) until
/// <see cref="ExpiresAt"/>. Written only by <see cref="DatabaseLeases"/>, one statement per call.
/// </summary>
public sealed class Lease
{
    public string Name { get; set; } = string.Empty;

    public string Holder { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}
