using Handoff.Application.Management.GetCharts;
using Mediator;

namespace Handoff.Bot.Endpoints.Management;

/// <summary>The data behind the /admin charts.</summary>
public static class ChartEndpoints
{
    public static RouteGroupBuilder MapChartEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/charts", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new GetChartsQuery(), cancellationToken)))
            .WithName("GetCharts")
            .WithSummary("The last 24 hours by hour (UTC): peak queue length, connects and their median wait (seconds), messages delivered and messages that finally failed.");
        return group;
    }
}
