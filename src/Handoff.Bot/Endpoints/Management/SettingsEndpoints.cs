using Handoff.Application.Management.GetSettings;
using Handoff.Application.Management.UpdateSettings;
using Mediator;

namespace Handoff.Bot.Endpoints.Management;

/// <summary><c>GET/PUT /api/management/settings</c>: the handoff switch, texts, timeouts, capacity and Teams ids.</summary>
public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/settings", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new GetSettingsQuery(), cancellationToken)))
            .WithName("GetSettings")
            .WithSummary("The settings in force (configuration files overridden by saved settings). The client secret is never returned: see teams.clientSecretSet.");

        group.MapPut("/settings", async (UpdateSettingsRequest request, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(
                    new UpdateSettingsCommand(
                        request.Enabled, request.Messages, request.Timeouts?.Queue, request.Timeouts?.User, request.Timeouts?.Agent,
                        request.Agents?.Capacity, request.Teams?.TenantId, request.Teams?.ClientId, request.Teams?.ClientSecret,
                        request.Teams?.AgentGroupObjectId, request.Teams?.DefaultMeetingOrganizerObjectId, context.Actor(),
                        request.Teams?.AgentChannel?.TeamId, request.Teams?.AgentChannel?.ChannelId, request.Teams?.AgentChannel?.ServiceUrl),
                    cancellationToken)))
            .WithName("UpdateSettings")
            .WithSummary("Changes the fields given (null or absent = unchanged; an empty Teams id or secret clears it). Validated, stored, audited, in force for the next message.")
            .ProducesValidationProblem();
        return group;
    }
}

public sealed record UpdateSettingsRequest(
    bool? Enabled, Dictionary<string, string?>? Messages, TimeoutsRequest? Timeouts, AgentsRequest? Agents, TeamsRequest? Teams);

/// <summary>Time spans as <c>hh:mm:ss</c>.</summary>
public sealed record TimeoutsRequest(string? Queue, string? User, string? Agent);

public sealed record AgentsRequest(int? Capacity);

public sealed record TeamsRequest(
    string? TenantId, string? ClientId, string? ClientSecret, string? AgentGroupObjectId, string? DefaultMeetingOrganizerObjectId, AgentChannelRequest? AgentChannel = null)
{
    // Keeps the write-only secret out of anything that prints the request.
    public override string ToString() => nameof(TeamsRequest);
}

/// <summary>The Teams channel mode (ADR-037): team and channel ids (<c>19:...@thread.tacv2</c>), and an optional https service URL override.</summary>
public sealed record AgentChannelRequest(string? TeamId, string? ChannelId, string? ServiceUrl);
