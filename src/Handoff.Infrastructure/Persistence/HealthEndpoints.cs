using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Persistence;

/// <summary><c>GET /health</c>: 200 when the database answers, 503 otherwise.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", async (HandoffDbContext db, CancellationToken cancellationToken) =>
        {
            var database = await db.Database.CanConnectAsync(cancellationToken);
            var body = new { status = database ? "Healthy" : "Unhealthy", checks = new { database = database ? "ok" : "unreachable" } };
            return database ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
