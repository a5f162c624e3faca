using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// Counts failed authentications per client address in a fixed window. A client at the limit is refused before its
/// key is even checked, so guessing gets no answer (neither 401 nor the 404 that a right key would get) until the
/// window ends. The number of tracked clients is bounded: past <see cref="MaxTrackedClients"/>, expired entries are
/// dropped, and if that is not enough, new clients share one overflow entry (they can lock each other out, never grow
/// memory).
/// </summary>
public sealed class FailedAuthenticationLimiter(int limit, TimeSpan window, TimeProvider clock)
{
    public const int MaxTrackedClients = 10_000;
    private const string OverflowClient = "(overflow)";

    private readonly ConcurrentDictionary<string, Failures> _clients = new(StringComparer.Ordinal);

    public int Limit => limit;

    /// <summary>
    /// The client an address counts as: IPv4 addresses one by one, IPv6 by their /64 network (one subscriber usually
    /// holds a whole /64, so counting single addresses would give a guesser 2^64 fresh budgets).
    /// </summary>
    public static string ClientOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new IPAddress(network) + "/64";
    }

    public TimeSpan Window => window;

    /// <summary>How long <paramref name="client"/> must wait before trying again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!_clients.TryGetValue(Tracked(client), out var failures))
        {
            return null;
        }

        lock (failures)
        {
            var now = clock.GetUtcNow();
            return failures.Count >= limit && now < failures.WindowStart + window ? failures.WindowStart + window - now : null;
        }
    }

    public void RecordFailure(string client)
    {
        if (_clients.Count >= MaxTrackedClients && !_clients.ContainsKey(client))
        {
            DropExpired();
        }

        var key = _clients.Count >= MaxTrackedClients && !_clients.ContainsKey(client) ? OverflowClient : client;
        var now = clock.GetUtcNow();
        var failures = _clients.GetOrAdd(key, _ => new Failures { WindowStart = now });
        lock (failures)
        {
            if (now >= failures.WindowStart + window)
            {
                failures.WindowStart = now;
                failures.Count = 0;
            }

            failures.Count++;
        }
    }

    private string Tracked(string client) =>
        _clients.ContainsKey(client) || _clients.Count < MaxTrackedClients ? client : OverflowClient;

    private void DropExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (client, failures) in _clients)
        {
            if (now >= failures.WindowStart + window)
            {
                _clients.TryRemove(client, out _);
            }
        }
    }

    private sealed class Failures
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Count { get; set; }
    }
}
