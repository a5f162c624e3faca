namespace Handoff.Application.Management.ListAgents;

/// <summary>Every agent who ever signed in: status, capacity, connected conversations, last seen.</summary>
public sealed record ListAgentsQuery : IQuery<IReadOnlyList<AgentRow>>;

public sealed class ListAgentsQueryHandler(IManagementQueries queries) : IQueryHandler<ListAgentsQuery, IReadOnlyList<AgentRow>>
{
    public async ValueTask<IReadOnlyList<AgentRow>> Handle(ListAgentsQuery query, CancellationToken cancellationToken) =>
        await queries.ListAgentsAsync(cancellationToken);
}
