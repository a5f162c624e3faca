using Azure.Identity;
using Handoff.Infrastructure.Settings;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// Everything a <see cref="GraphConnection"/> is built from. Compared by value: when the settings change at run time
/// (configuration reload, the management API) a new client is built; otherwise the one client is reused.
/// <see cref="ToString"/> leaves the secret out.
/// </summary>
public sealed record GraphConnectionSettings(
    GraphCredentialSettings Credential,
    Uri BaseUrl,
    string Scope,
    TimeSpan Timeout,
    int MaxRetries,
    int RetryDelaySeconds,
    TimeSpan MaxRetryAfter,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    /// <summary>Null while Teams handoff is not configured (tenant, app, secret).</summary>
    public static GraphConnectionSettings? From(TeamsOptions teams, GraphOptions graph)
    {
        if (!teams.IsConfigured || string.IsNullOrWhiteSpace(teams.ClientSecret))
        {
            return null;
        }

        var authority = string.IsNullOrWhiteSpace(graph.AuthorityHost) ? AzureAuthorityHosts.AzurePublicCloud : new Uri(graph.AuthorityHost);
        var baseUrl = new Uri(graph.BaseUrl.TrimEnd('/'));
        var scope = string.IsNullOrWhiteSpace(graph.Scope) ? $"{baseUrl.Scheme}://{baseUrl.Host}/.default" : graph.Scope.Trim();
        var breaker = graph.CircuitBreaker;
        return new GraphConnectionSettings(
            new GraphCredentialSettings(teams.TenantId!.Trim(), teams.ClientId!.Trim(), teams.ClientSecret, authority),
            baseUrl,
            scope,
            graph.Timeout,
            graph.MaxRetries,
            graph.RetryDelaySeconds,
            graph.MaxRetryAfter,
            breaker.FailureRatio,
            breaker.MinimumThroughput,
            breaker.SamplingDuration,
            breaker.BreakDuration);
    }

    public override string ToString() => $"{Credential}, Graph {BaseUrl}, scope {Scope}, timeout {Timeout}, retries {MaxRetries}";
}
