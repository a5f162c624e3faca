using Azure.Core;
using Azure.Identity;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// The seam where the app's Entra ID credential is made. Production makes a <see cref="ClientSecretCredential"/>; tests
/// register a fake so no token endpoint is needed. Called once per distinct set of settings (the credential caches tokens).
/// </summary>
public interface IGraphCredentialFactory
{
    TokenCredential Create(GraphCredentialSettings settings);
}

/// <summary>What the credential is made from. <see cref="ToString"/> leaves the secret out so it cannot reach a log.</summary>
public sealed record GraphCredentialSettings(string TenantId, string ClientId, string ClientSecret, Uri AuthorityHost)
{
    public override string ToString() => $"tenant {TenantId}, client {ClientId}, authority {AuthorityHost}";
}

/// <summary>The production credential: client id + secret of the Entra app registration, at the configured authority host.</summary>
public sealed class ClientSecretCredentialFactory : IGraphCredentialFactory
{
    private static readonly Uri[] s_azureAuthorities = [AzureAuthorityHosts.AzurePublicCloud, AzureAuthorityHosts.AzureGovernment, AzureAuthorityHosts.AzureChina];

    public TokenCredential Create(GraphCredentialSettings settings) =>
        new ClientSecretCredential(settings.TenantId, settings.ClientId, settings.ClientSecret, OptionsFor(settings.AuthorityHost));

    /// <summary>
    /// Instance discovery asks Microsoft's public endpoint to validate the authority; an authority that is not one of
    /// Azure's clouds (Azure Stack, a private STS) is not known there, so discovery is turned off for it.
    /// </summary>
    public static ClientSecretCredentialOptions OptionsFor(Uri authorityHost) => new()
    {
        AuthorityHost = authorityHost,
        DisableInstanceDiscovery = !s_azureAuthorities.Any(a => Uri.Compare(a, authorityHost, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0),
    };
}
