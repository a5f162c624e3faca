using Handoff.Application.Management.GetConversation;
using Handoff.Application.Management.GetQueue;
using Handoff.Application.Management.GetStatistics;
using Handoff.Application.Management.ListAgents;
using Handoff.Application.Management.ListAuditRecords;
using Handoff.Application.Management.ListConversations;
using Handoff.Application.Management.SetAgentCapacity;
using Mediator;

namespace Handoff.Bot.Endpoints.Management;

/// <summary>Conversations and transcripts, the queue, agents, statistics and the audit log.</summary>
public static class MonitoringEndpoints
{
    public static RouteGroupBuilder MapMonitoringEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/conversations", async (string? state, int? page, int? pageSize, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListConversationsQuery(state, page, pageSize), cancellationToken)))
            .WithName("ListConversations")
            .WithSummary("Conversations, most recently active first; state = Bot, Waiting or Connected.")
            .ProducesValidationProblem();

        group.MapGet("/conversations/{id:guid}", async (Guid id, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new GetConversationCommand(id, context.Actor()), cancellationToken)))
            .WithName("GetConversation")
            .WithSummary("One conversation with its transcript (the newest 1000 entries). Reading it is audited.");

        group.MapGet("/queue", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new GetQueueQuery(), cancellationToken)))
            .WithName("GetQueue")
            .WithSummary("Waiting users in service order: position, wait so far (seconds), reason, priority.");

        group.MapGet("/agents", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListAgentsQuery(), cancellationToken)))
            .WithName("ListAgents")
            .WithSummary("Agents: status, capacity (and the per-agent capacity, if set), connected conversations, last seen.");

        group.MapPut("/agents/{id:guid}/capacity", async (Guid id, AgentCapacityRequest request, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new SetAgentCapacityCommand(id, request.Capacity, context.Actor()), cancellationToken)))
            .WithName("SetAgentCapacity")
            .WithSummary($"Sets how many live users this agent may hold (1 to {Handoff.Domain.Agents.Agent.MaxCapacity}); null follows the global default Handoff:Agents:Capacity. Audited.")
            .ProducesValidationProblem();

        group.MapGet("/stats", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new GetStatisticsQuery(), cancellationToken)))
            .WithName("GetStatistics")
            .WithSummary("Waiting, connected, agents available/away; median and 90th-percentile wait, completed handoffs and queue timeouts over the last hour and day.");

        group.MapGet("/audit", async (string? from, string? to, string? type, int? page, int? pageSize, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListAuditRecordsQuery(from, to, type, page, pageSize), cancellationToken)))
            .WithName("ListAuditRecords")
            .WithSummary("The audit log, newest first; from (inclusive) and to (exclusive) are ISO 8601 times, type an audit type.")
            .ProducesValidationProblem();
        return group;
    }
}

/// <summary>The body of <c>PUT /agents/{id}/capacity</c>: the agent's capacity, or null for the global default.</summary>
public sealed record AgentCapacityRequest(int? Capacity);
