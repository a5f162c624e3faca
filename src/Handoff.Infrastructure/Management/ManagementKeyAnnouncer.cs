using Handoff.Infrastructure.Secrets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// At start, makes sure a management key exists. A key generated now (no <c>Management:ApiKeys</c> configured, first
/// start) is shown once on the console, with the admin page's address, once the server listens; it is never logged, and
/// only its hash is kept (in the key file).
/// </summary>
public sealed class ManagementKeyAnnouncer(
    ManagementApiKeys keys, IHostApplicationLifetime lifetime, IServer server, OperatorConsole console) : IHostedService
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
        console.Show($"""

            ==== Handoff management API key (shown once) ====
            {key}
            Only its hash is kept, in {keys.KeyFilePath}. Admin page: {adminUrl}
            Set Management:ApiKeys to use your own keys instead.
            =================================================

            """);
    }
}
