using System.Text.RegularExpressions;

namespace Handoff.Bot.Security;

/// <summary>
/// Headers on every response: <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c> (the
/// end-user page's address may carry the user's name). The Web Chat pages (<c>/</c>, <c>/agent</c>) get a Content
/// Security Policy that lets the locally served official Web Chat bundle run and nothing else; who may frame the
/// end-user page is <c>WebChat:FrameAncestors</c> (it is often embedded in a hospital's site), the agent page may be
/// framed by this site only. Everything else (API answers, uploads) gets <c>default-src 'none'</c>, so a served file
/// can never run as a page. Pages that set their own policy (<c>/admin</c>) keep it; <c>/docs</c> has none of ours.
/// </summary>
public static partial class SecurityHeaders
{
    public const string FrameAncestorsKey = "WebChat:FrameAncestors";

    /// <summary>
    /// Web Chat inserts its styles at run time (CSS-in-JS), hence <c>style-src 'unsafe-inline'</c>; scripts only from this
    /// server; images, audio and uploads previews from this server, <c>data:</c> and <c>blob:</c>; the Direct Line API and
    /// its WebSocket stream on this server (<c>'self'</c> covers ws/wss of the same host).
    /// </summary>
    public const string WebChatPolicyWithoutAncestors =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "media-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The configured frame ancestors, validated: each <c>'self'</c>, <c>'none'</c> or an http(s) origin (a leading <c>*.</c> allowed).</summary>
    public static string FrameAncestors(IConfiguration configuration)
    {
        var configured = configuration.GetSection(FrameAncestorsKey).Get<string[]>() ?? [];
        if (configured.Length == 0 && configuration[FrameAncestorsKey] is { Length: > 0 } single)
        {
            configured = single.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (configured.Length == 0)
        {
            return "'self'";
        }

        foreach (var source in configured)
        {
            if (source is not ("'self'" or "'none'") && !Origin().IsMatch(source))
            {
                throw new InvalidOperationException(
                    $"{FrameAncestorsKey}: '{source}' is not 'self', 'none' or an origin such as https://www.example.org or https://*.example.org.");
            }
        }

        return configured.Contains("'none'") ? "'none'" : string.Join(' ', configured);
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var userPagePolicy = $"{WebChatPolicyWithoutAncestors}; frame-ancestors {FrameAncestors(app.Configuration)}";
        var agentPagePolicy = $"{WebChatPolicyWithoutAncestors}; frame-ancestors 'self'";
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            var policy = IsUserPage(path) ? userPagePolicy
                : path.StartsWithSegments("/agent", StringComparison.OrdinalIgnoreCase) ? agentPagePolicy
                : path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) ? null
                : ApiPolicy;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (policy is not null && string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = policy;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private static bool IsUserPage(PathString path) =>
        path == "/" || path.Equals("/index.html", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Origin();
}
