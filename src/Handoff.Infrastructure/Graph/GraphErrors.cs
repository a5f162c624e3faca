using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// How Graph SDK failures surface (see docs/graph.md): an <see cref="ODataError"/> for a JSON error, an
/// <see cref="AggregateException"/> of <see cref="ApiException"/>s when the retry handler gave up, an
/// <see cref="InvalidOperationException"/> for a non-JSON error page, and the resilience pipeline's own exceptions.
/// </summary>
public static class GraphErrors
{
    /// <summary>The HTTP status behind a failure, when there was a response.</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        ApiException api when api.ResponseStatusCode != 0 => api.ResponseStatusCode,
        AggregateException aggregate => aggregate.InnerExceptions.OfType<ApiException>().LastOrDefault()?.ResponseStatusCode,
        _ => null,
    };

    /// <summary>Graph is down, throttling, slow or unreachable (counts toward opening the circuit); not a definitive answer.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.All(IsOutage),
        ApiException api => api.ResponseStatusCode is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutRejectedException or TaskCanceledException or BrokenCircuitException => true,
        // The token endpoint refused or could not be reached: no Graph call can succeed until it can.
        AuthenticationFailedException or CredentialUnavailableException => true,
        // An error page that is not JSON (a gateway in front of Graph) has no status, only this message.
        InvalidOperationException invalid => invalid.Message.Contains("does not have a factory registered", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A short description for logs and for the person told; never contains credentials.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ODataError odata => $"HTTP {odata.ResponseStatusCode} {odata.Error?.Code}: {odata.Error?.Message}",
        AggregateException aggregate when aggregate.InnerExceptions.OfType<ApiException>().Any() =>
            $"still HTTP {StatusOf(aggregate)} after {aggregate.InnerExceptions.Count - 1} retries",
        ApiException api => $"HTTP {api.ResponseStatusCode}",
        BrokenCircuitException => "Microsoft Graph failed repeatedly; calls are paused for a while (circuit open)",
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout}",
        AuthenticationFailedException auth => $"no access token: {FirstLine(auth.Message)}",
        _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
    };

    /// <summary>The <c>Retry-After</c> header as a wait (seconds or an HTTP date), or null when there is none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - now : null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
