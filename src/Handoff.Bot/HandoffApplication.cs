using Handoff.Bot.Configuration;
using Handoff.Bot.Endpoints;
using Handoff.Bot.Endpoints.DirectLine;
using Handoff.Bot.Management;
using Handoff.Infrastructure.Persistence;

namespace Handoff.Bot;

/// <summary>Builds the product's web application. <c>Program</c> and the functional tests go through the same two calls.</summary>
public static class HandoffApplication
{
    public static WebApplicationBuilder ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddHandoff(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddDirectLineWeb(builder.Configuration);
        builder.Services.AddManagementApi(builder.Configuration);
        builder.AddHandoffTelemetry();
        return builder;
    }

    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var app = builder.Build();
        await app.Services.InitializeDatabaseAsync(cancellationToken);
        app.UseHandoffTelemetry();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.UseManagementApi();
        app.UseDirectLineWeb();
        app.MapBotFrameworkEndpoints();
        return app;
    }
}
