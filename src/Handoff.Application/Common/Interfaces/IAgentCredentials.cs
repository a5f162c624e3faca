namespace Handoff.Application.Common.Interfaces;

/// <summary>A personal agent web chat key as the management API shows it: never the key itself, nor its hash.</summary>
public sealed record AgentKeyInfo(string Id, string AgentName, string ChannelAccountKey, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A key just created: <see cref="Key"/> is in this answer only; the server keeps its hash.</summary>
public sealed record CreatedAgentKey(AgentKeyInfo Info, string Key);

/// <summary>
/// The agent web chat's credentials (ADR-033): personal keys, each bound to one agent identity, and the sessions
/// (tokens) issued with them. Implemented by the Direct Line channel, which issues and checks those tokens.
/// </summary>
public interface IAgentCredentials
{
    Task<CreatedAgentKey> CreateKeyAsync(string agentName, string createdBy, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentKeyInfo>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the key and ends its tokens at once; null when no key has this id.</summary>
    Task<AgentKeyInfo?> RevokeKeyAsync(string id, CancellationToken cancellationToken);

    /// <summary>Ends every token issued so far to this agent account (requests refused, streams closed); other channels' accounts have none.</summary>
    Task EndSessionsAsync(string channelAccountKey, CancellationToken cancellationToken);
}
