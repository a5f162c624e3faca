using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Handoff.Bot.Configuration;
using Handoff.Bot.Endpoints.Management;
using Handoff.Infrastructure.Management;
using Handoff.Infrastructure.Secrets;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Handoff.Bot.Configuration;

/// <summary>
/// The management API under <c>/api/management</c> (key-authenticated, rate-limited), its OpenAPI document
/// (<c>/openapi/v1.json</c>), the interactive docs (<c>/docs</c>) and the admin page (<c>/admin</c>).
/// </summary>
public static class ManagementApi
{
    public const string Prefix = "/api/management";
    public const string RateLimitPolicy = "management";

    public static IServiceCollection AddManagementApi(this IServiceCollection services, IConfiguration configuration)
    {
        // Enums travel as their names (Waiting, RegEx audiences, audit types); numbers are still accepted.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<ManagementApiKeys>();
        services.AddSingleton<ManagementAuthenticationFailures>();
        services.AddHostedService<ManagementKeyAnnouncer>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Handoff management API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ManagementApiKeyMiddleware.HeaderName,
                Description = "A key from Management:ApiKeys (or the generated key shown once on the console).",
            };
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] }];
            return Task.CompletedTask;
        }));

        var permits = configuration.GetValue("Management:RateLimit:PermitLimit", 300);
        var window = configuration.GetValue("Management:RateLimit:Window", TimeSpan.FromMinutes(1));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address, so one noisy or key-guessing client cannot starve the others.
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
        });
        return services;
    }

    public static WebApplication UseManagementApi(this WebApplication app)
    {
        // Resolved now so that a bad Management:AuthFailures setting stops the start, not the first request.
        _ = app.Services.GetRequiredService<ManagementAuthenticationFailures>();
        app.UseRateLimiter();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<ManagementApiKeyMiddleware>());

        var adminFiles = new ManifestEmbeddedFileProvider(typeof(ManagementApi).Assembly, "wwwroot/admin");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = adminFiles, RequestPath = "/admin" });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = adminFiles,
            RequestPath = "/admin",
            OnPrepareResponse = file =>
            {
                // Defence in depth: the page renders data with textContent; the policy also forbids inline and foreign scripts.
                var headers = file.Context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
            },
        });

        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Handoff management API"));

        var group = app.MapGroup(Prefix).RequireRateLimiting(RateLimitPolicy).WithTags("Management");
        group.MapSettingsEndpoints();
        group.MapLanguageModelEndpoints();
        group.MapMonitoringEndpoints();
        group.MapChartEndpoints();
        group.MapPrivacyEndpoints();
        group.MapAgentAccessEndpoints();
        return app;
    }
}
