using Handoff.Application.Common.Interfaces;

namespace Handoff.Application.Management.AgentWebChatKeys;

/// <summary>Every personal agent key, revoked ones included (never the key nor its hash).</summary>
public sealed record ListAgentKeysQuery : IQuery<IReadOnlyList<AgentKeyInfo>>;

public sealed class ListAgentKeysQueryHandler(IAgentCredentials credentials) : IQueryHandler<ListAgentKeysQuery, IReadOnlyList<AgentKeyInfo>>
{
    public async ValueTask<IReadOnlyList<AgentKeyInfo>> Handle(ListAgentKeysQuery query, CancellationToken cancellationToken) =>
        await credentials.ListKeysAsync(cancellationToken);
}
