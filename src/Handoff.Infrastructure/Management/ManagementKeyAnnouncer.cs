using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// At start, makes sure a management key exists. A key generated now (no <c>Management:ApiKeys</c> configured, first
/// start) is shown once, with the admin page's address, once the server listens; afterwards it is only in the key file.
/// </summary>
public sealed partial class ManagementKeyAnnouncer(
    ManagementApiKeys keys, IHostApplicationLifetime lifetime, IServer server, ILogger<ManagementKeyAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var generated = keys.EnsureKey();
        if (generated is not null)
        {
            lifetime.ApplicationStarted.Register(() => Announce(generated));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce(string key)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var adminUrl = address.TrimEnd('/') + "/admin/";
        LogGenerated(key, keys.KeyFilePath, adminUrl);
        Console.WriteLine($"""

            ==== Handoff management API key (shown once) ====
            {key}
            Stored in {keys.KeyFilePath} (owner-only). Admin page: {adminUrl}
            Set Management:ApiKeys to use your own keys instead.
            =================================================

            """);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Management:ApiKeys configured: generated the management API key {Key} (stored in {KeyFile}, shown once). Admin page: {AdminUrl}")]
    private partial void LogGenerated(string key, string keyFile, string adminUrl);
}
