namespace Handoff.Application.Common.Interfaces;

/// <summary>
/// Teams channel mode (issue 14, ADR-037): the team channel where each waiting user gets a thread, once Handoff knows
/// where that team's traffic goes.
/// </summary>
public interface IAgentChannel
{
    /// <summary>Where to open threads now; null when the mode is off or the team's service URL is not known yet.</summary>
    Task<AgentChannelTarget?> FindAsync(CancellationToken cancellationToken);
}

/// <param name="ChannelId">The Teams channel id (<c>19:...@thread.tacv2</c>).</param>
/// <param name="ServiceUrl">The team's Bot Connector service URL.</param>
/// <param name="BotId">The bot's account id in the team.</param>
/// <param name="TenantId">The team's tenant.</param>
public sealed record AgentChannelTarget(string ChannelId, string ServiceUrl, string? BotId, string? TenantId);
