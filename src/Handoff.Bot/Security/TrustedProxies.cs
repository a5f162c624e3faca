using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Handoff.Bot.Security;

/// <summary>
/// Behind a reverse proxy every client has the proxy's address, so per-client limits would lump them together. With
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges) set, the
/// client address and scheme are taken from <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> — only when the request
/// comes from one of them (one hop). Off by default: then, and from any other peer, those headers are ignored, so a
/// client cannot choose its own address.
/// </summary>
public static class TrustedProxies
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    /// <summary>The configured options, or null when no proxy is trusted. Throws naming the bad entry.</summary>
    public static ForwardedHeadersOptions? OptionsFrom(IConfiguration configuration)
    {
        var proxies = Entries(configuration, KnownProxiesKey);
        var networks = Entries(configuration, KnownNetworksKey);
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };

        // The framework trusts loopback by default; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{KnownProxiesKey}: '{proxy}' is not an IP address."));
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                ? range
                : throw new InvalidOperationException($"{KnownNetworksKey}: '{network}' is not a CIDR range such as 10.0.0.0/8."));
        }

        return options;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (OptionsFrom(app.Configuration) is { } options)
        {
            app.UseForwardedHeaders(options);
        }

        return app;
    }

    private static List<string> Entries(IConfiguration configuration, string key)
    {
        var entries = configuration.GetSection(key).Get<string[]>() ?? [];
        if (entries.Length == 0 && configuration[key] is { Length: > 0 } single)
        {
            entries = single.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return [.. entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim())];
    }
}
