using Handoff.Application.Management.AgentWebChatKeys;
using Handoff.Application.Management.SignAgentOut;
using Mediator;

namespace Handoff.Bot.Endpoints.Management;

/// <summary>Who may act as an agent in the agent web chat: personal agent keys, and signing an agent out (ADR-033).</summary>
public static class AgentAccessEndpoints
{
    public static RouteGroupBuilder MapAgentAccessEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/agent-keys", async (AgentKeyRequest request, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new CreateAgentKeyCommand(request.AgentName ?? string.Empty, context.Actor()), cancellationToken), created => TypedResults.Ok(created)))
            .WithName("CreateAgentKey")
            .WithSummary("Creates a personal agent web chat key for the named agent. The key is in this answer only (the server keeps its hash); whoever signs in with it is this agent, whatever name they type. Audited.")
            .ProducesValidationProblem();

        group.MapGet("/agent-keys", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListAgentKeysQuery(), cancellationToken)))
            .WithName("ListAgentKeys")
            .WithSummary("Personal agent keys, revoked ones included: id, agent name, channel account, created (when, by whom), revoked. Never the key.");

        group.MapDelete("/agent-keys/{id}", async (string id, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new RevokeAgentKeyCommand(id, context.Actor()), cancellationToken)))
            .WithName("RevokeAgentKey")
            .WithSummary("Revokes a personal agent key: its tokens are refused at once (requests, refresh, streams) and its agent is signed out, live users told. Audited.")
            .ProducesValidationProblem();

        group.MapPost("/agents/{id:guid}/sign-out", async (Guid id, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new SignAgentOutCommand(id, context.Actor()), cancellationToken)))
            .WithName("SignAgentOut")
            .WithSummary("Signs an agent out: every agent web chat token issued to them so far is refused (requests, refresh, streams); live users are told and go back to the bot. Audited.");
        return group;
    }
}

/// <summary>The body of <c>POST /agent-keys</c>: the agent's display name.</summary>
public sealed record AgentKeyRequest(string? AgentName);
