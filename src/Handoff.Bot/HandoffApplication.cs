using Handoff.Bot.Configuration;
using Handoff.Bot.Security;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Persistence;

namespace Handoff.Bot;

/// <summary>
/// Builds the product's web application. <c>Program</c> and the functional tests go through the same two calls. The
/// composition root: the one place (with <c>Configuration/</c>) where the host names Infrastructure; each channel is
/// registered by <c>AddHandoff</c> and mapped here by its one <c>Use…Channel</c> call.
/// </summary>
public static class HandoffApplication
{
    public static WebApplicationBuilder ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddHandoff(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddManagementApi(builder.Configuration);
        builder.AddHandoffTelemetry();
        return builder;
    }

    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var app = builder.Build();
        await app.Services.InitializeDatabaseAsync(cancellationToken);

        // First, so that every limit below sees the real client address, and every answer carries the headers.
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseHandoffTelemetry();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.UseManagementApi();

        // The end-user (/) and agent (/agent) web chat pages.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseDirectLineChannel();
        app.UseBotFrameworkChannel();
        return app;
    }
}
