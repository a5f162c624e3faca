using FluentValidation;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// The <c>Graph</c> configuration section: where Microsoft Graph and the Entra ID token endpoint are (sovereign clouds
/// differ), how long a membership answer is trusted, and the resilience settings of every Graph call.
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    public const string PublicCloudBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The Graph endpoint, e.g. <c>https://graph.microsoft.us/v1.0</c> for US Government.</summary>
    public string BaseUrl { get; set; } = PublicCloudBaseUrl;

    /// <summary>The Entra ID authority host; empty means public Azure (<c>https://login.microsoftonline.com/</c>).</summary>
    public string? AuthorityHost { get; set; }

    /// <summary>The token scope; empty means <c>{BaseUrl scheme and host}/.default</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>How long a membership answer is trusted before a logged-in agent is checked again.</summary>
    public TimeSpan MembershipCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often logged-in agents whose membership answer expired are checked again.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole budget of one Graph call, retries and their waits included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries of the SDK retry handler (the only retry layer) on 429, 503 and 504.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base of the exponential back-off, in whole seconds, when Graph sends no <c>Retry-After</c>.</summary>
    public int RetryDelaySeconds { get; set; } = 1;

    /// <summary>A longer <c>Retry-After</c> is not waited for: the call fails at once and the person is told to try later.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public GraphCircuitBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>When Graph keeps failing, stop calling it for a while (one breaker for the directory, one for meetings).</summary>
public sealed class GraphCircuitBreakerOptions
{
    public double FailureRatio { get; set; } = 0.5;

    public int MinimumThroughput { get; set; } = 4;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Start-up validation of the <c>Graph</c> section: the server refuses to start with a message naming the key.</summary>
public sealed class GraphOptionsValidator : AbstractValidator<GraphOptions>
{
    public GraphOptionsValidator()
    {
        RuleFor(o => o.BaseUrl).Must(BeGraphUrl)
            .WithMessage("must be an absolute https URL such as https://graph.microsoft.com/v1.0 (http only on loopback)").OverridePropertyName("Graph:BaseUrl");
        RuleFor(o => o.AuthorityHost).Must(a => string.IsNullOrWhiteSpace(a) || (Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            .WithMessage("must be an absolute https URL such as https://login.microsoftonline.us/").OverridePropertyName("Graph:AuthorityHost");
        RuleFor(o => o.MembershipCacheDuration).GreaterThan(TimeSpan.Zero).OverridePropertyName("Graph:MembershipCacheDuration");
        RuleFor(o => o.RevalidationInterval).GreaterThan(TimeSpan.Zero).OverridePropertyName("Graph:RevalidationInterval");
        RuleFor(o => o.Timeout).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)).OverridePropertyName("Graph:Timeout");
        RuleFor(o => o.MaxRetries).InclusiveBetween(0, 10).OverridePropertyName("Graph:MaxRetries");
        RuleFor(o => o.RetryDelaySeconds).InclusiveBetween(0, 180).OverridePropertyName("Graph:RetryDelaySeconds");
        RuleFor(o => o.MaxRetryAfter).GreaterThanOrEqualTo(TimeSpan.Zero).OverridePropertyName("Graph:MaxRetryAfter");
        RuleFor(o => o.CircuitBreaker.FailureRatio).GreaterThan(0).LessThanOrEqualTo(1).OverridePropertyName("Graph:CircuitBreaker:FailureRatio");
        RuleFor(o => o.CircuitBreaker.MinimumThroughput).GreaterThanOrEqualTo(2).OverridePropertyName("Graph:CircuitBreaker:MinimumThroughput");
        RuleFor(o => o.CircuitBreaker.SamplingDuration).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).OverridePropertyName("Graph:CircuitBreaker:SamplingDuration");
        RuleFor(o => o.CircuitBreaker.BreakDuration).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).OverridePropertyName("Graph:CircuitBreaker:BreakDuration");
    }

    private static bool BeGraphUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
