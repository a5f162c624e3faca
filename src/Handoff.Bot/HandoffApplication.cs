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
    /// <summary>The exit code of a start that failed on its database (<see cref="DatabaseStartupException"/>).</summary>
    public const int DatabaseUnavailableExitCode = 3;

    /// <remarks>Throws <see cref="DatabaseStartupException"/> when the database cannot be reached or used.</remarks>
    public static WebApplicationBuilder ConfigureServices(WebApplicationBuilder builder)
    {
        // Reading the saved settings is the first use of the database: one that cannot be reached fails here, clearly.
        DatabaseStartup.Guard(builder.Configuration, () => builder.Services.AddHandoff(builder.Configuration, builder.Environment.ContentRootPath));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddManagementApi(builder.Configuration);
        builder.AddHandoffTelemetry();
        return builder;
    }

    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var app = builder.Build();
        await DatabaseStartup.GuardAsync(app.Configuration, () => app.Services.InitializeDatabaseAsync(cancellationToken));

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
