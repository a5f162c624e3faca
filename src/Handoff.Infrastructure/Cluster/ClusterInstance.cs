using System.Globalization;
using System.Security.Cryptography;

namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// Who this server process is among the instances on one database: the holder written into <see cref="Lease"/> rows.
/// The machine name and process id tell an operator which instance holds what; the random part keeps two processes
/// that reuse a pid (a container restarted) from mistaking the dead one's leases for their own.
/// </summary>
public sealed class ClusterInstance
{
    public ClusterInstance()
        : this($"{Environment.MachineName}:{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}")
    {
    }

    public ClusterInstance(string id) => Id = id.Length <= MaxLength ? id : id[..MaxLength];

    /// <summary>The length of <see cref="Lease.Holder"/>.</summary>
    public const int MaxLength = 200;

    public string Id { get; }

    public override string ToString() => Id;
}
