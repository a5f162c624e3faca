using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Handoff.Infrastructure.Management;

/// <summary>
/// Guards <c>/api/management</c>: a key in <c>Authorization: Bearer</c> or <c>X-Api-Key</c>, checked before the body
/// is read and before routing, so an unauthenticated caller learns nothing (not even whether its JSON parses, or whether
/// the path exists). Failed attempts are limited per client address: at the limit every request from that client is
/// refused (429) until the window ends, so guessing keys has no oracle. Bodies are size-limited.
/// </summary>
public sealed class ManagementApiKeyMiddleware(RequestDelegate next, ManagementApiKeys keys, ManagementAuthenticationFailures failures)
{
    public const string HeaderName = "X-Api-Key";
    public const string AuthenticationType = "ManagementApiKey";

    /// <summary>The largest management request body: settings and language models are small.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var client = FailedAuthenticationLimiter.ClientOf(context.Connection.RemoteIpAddress);
        if (failures.Limiter.RetryAfter(client) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed authentications from this address.",
                detail: "Try again later.").ExecuteAsync(context);
            return;
        }

        var actor = keys.Authenticate(PresentedKey(context.Request));
        if (actor is null)
        {
            failures.Limiter.RecordFailure(client);
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"handoff-management\"";
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid management API key is required.",
                detail: $"Send it as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'.").ExecuteAsync(context);
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                detail: $"Management requests are limited to {MaxBodyBytes} bytes.").ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, actor)], AuthenticationType));
        await next(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
