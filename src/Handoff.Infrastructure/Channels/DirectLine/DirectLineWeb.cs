using System.Threading.RateLimiting;
using Handoff.Infrastructure.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>The web plumbing of the embedded channel: CORS for Web Chat on other origins, rate limits, and the pages' token endpoints.</summary>
public static class DirectLineWeb
{
    public const string CorsPolicy = "directline";
    public const string PerTokenPolicy = "directline-per-token";
    public const string TokenIssuePolicy = "directline-token-issue";

    internal static IServiceCollection AddDirectLineWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection($"{DirectLineOptions.SectionName}:{nameof(DirectLineOptions.AllowedOrigins)}").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(origins)
            .WithHeaders("Authorization", "Content-Type", "x-ms-bot-agent")
            .WithMethods("GET", "POST")));

        services.AddSingleton<DirectLineInbound>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
                await DirectLineResults.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many requests; slow down.").ExecuteAsync(rejected.HttpContext);
            limiter.AddPolicy(PerTokenPolicy, context => PerMinute(
                DirectLineAuthorization.PartitionOf(context),
                context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.RequestsPerMinute));
            limiter.AddPolicy(TokenIssuePolicy, context => PerMinute(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.TokenRequestsPerMinute));
        });
        return services;
    }

    /// <summary>WebSockets, CORS and rate limiting, then the Direct Line API and the pages' token endpoints.</summary>
    public static WebApplication UseDirectLineChannel(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseCors();
        app.UseRateLimiter();
        app.MapDirectLine();
        app.MapWebChatTokenEndpoints();
        app.MapAgentTokenEndpoints();
        AnnounceGeneratedAgentKey(app);
        return app;
    }

    /// <summary>A generated agent key is shown once, on the console (not through logging, which may be shipped elsewhere).</summary>
    private static void AnnounceGeneratedAgentKey(WebApplication app)
    {
        var keys = app.Services.GetRequiredService<AgentAccessKeys>();
        if (keys.GeneratedKey is not { } key)
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            app.Services.GetRequiredService<OperatorConsole>().Show($"""

                ============================================================================
                 Agent web chat: {address.TrimEnd('/')}/agent
                 Agent access key (shown only this once; its hash is in {keys.FilePath}):
                   {key}
                 Set AgentWebChat:AccessKeys to choose your own keys instead.
                ============================================================================

                """);
        });
    }

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
