using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Bot.Endpoints;

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
