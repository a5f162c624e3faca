using Microsoft.Extensions.Configuration;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// The failed-authentication limit of the management API: <c>Management:AuthFailures:Limit</c> failures (default 10)
/// per client address per <c>Management:AuthFailures:Window</c> (default 15 minutes).
/// </summary>
public sealed class ManagementAuthenticationFailures(IConfiguration configuration, TimeProvider clock)
{
    public const string LimitKey = "Management:AuthFailures:Limit";
    public const string WindowKey = "Management:AuthFailures:Window";

    public FailedAuthenticationLimiter Limiter { get; } = new(
        Positive(configuration.GetValue(LimitKey, 10), LimitKey),
        Positive(configuration.GetValue(WindowKey, TimeSpan.FromMinutes(15)), WindowKey),
        clock);

    private static T Positive<T>(T value, string key)
        where T : IComparable<T> =>
        value.CompareTo(default) > 0 ? value : throw new InvalidOperationException($"{key} must be greater than zero.");
}
