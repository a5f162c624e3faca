using Handoff.Infrastructure.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence;
/// <summary>
/// The probes: <c>GET /health</c> (200 when the database answers, 503 otherwise), <c>/health/live</c> (the process
/// answers: a liveness probe, which must not restart the pod because the database is away) and <c>/health/ready</c>
/// (database, migrations and a moving outbox: a readiness probe, which takes the instance out of the load balancer).
/// </summary>
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

        endpoints.MapGet("/health/live", () => Results.Ok(new { status = "Healthy" }));

        endpoints.MapGet("/health/ready", async (ReadinessProbe probe, CancellationToken cancellationToken) =>
        {
            var readiness = await probe.CheckAsync(cancellationToken);
            var body = new
            {
                status = readiness.IsReady ? "Healthy" : "Unhealthy",
                checks = new { database = readiness.Database, migrations = readiness.Migrations, outbox = readiness.Outbox },
            };
            return readiness.IsReady ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
