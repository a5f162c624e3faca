using Handoff.Application.Common.Interfaces;

namespace Handoff.Application.Management.GetSettings;

/// <summary>The handoff settings in force: switch, texts, timeouts, capacity and Teams ids. The client secret only as "set".</summary>
public sealed record GetSettingsQuery : IQuery<SettingsDto>;

public sealed record SettingsDto(
    bool Enabled,
    IReadOnlyDictionary<string, string> Messages,
    TimeoutsDto Timeouts,
    AgentsDto Agents,
    TeamsSettingsDto Teams,
    IReadOnlyList<string> Overridden)
{
    /// <param name="agentChannelReachable">Whether Handoff can write to the agent channel now (null: not looked up).</param>
    public static SettingsDto From(SettingsSnapshot snapshot, bool? agentChannelReachable = null) => new(
        snapshot.Handoff.Enabled,
        SettingsKeys.Messages(snapshot.Handoff.Messages),
        new TimeoutsDto(
            SettingsKeys.FormatTimeSpan(snapshot.Handoff.Timeouts.Queue),
            SettingsKeys.FormatTimeSpan(snapshot.Handoff.Timeouts.User),
            SettingsKeys.FormatTimeSpan(snapshot.Handoff.Timeouts.Agent)),
        new AgentsDto(snapshot.Handoff.Agents.Capacity),
        new TeamsSettingsDto(
            snapshot.Teams.TenantId, snapshot.Teams.ClientId, snapshot.Teams.ClientSecretSet,
            snapshot.Teams.AgentGroupObjectId, snapshot.Teams.DefaultMeetingOrganizerObjectId,
            AgentChannelDto.From(snapshot.Teams.AgentChannel, agentChannelReachable)),
        [.. snapshot.OverriddenKeys.Select(SettingsKeys.FieldFor)]);
}

/// <summary>Time spans as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>).</summary>
public sealed record TimeoutsDto(string Queue, string User, string Agent);

public sealed record AgentsDto(int Capacity);

public sealed record TeamsSettingsDto(
    string? TenantId, string? ClientId, bool ClientSecretSet, string? AgentGroupObjectId, string? DefaultMeetingOrganizerObjectId, AgentChannelDto AgentChannel);

/// <summary>The channel mode's settings and whether it works yet.</summary>
/// <param name="Status"><c>off</c> (no team and channel set), <c>not reachable yet</c> (the team's service URL is not known:
/// the app has not been installed in the team, or nothing has been said there since), <c>reachable</c>, or <c>unknown</c>.</param>
public sealed record AgentChannelDto(string? TeamId, string? ChannelId, string? ServiceUrl, string Status)
{
    public static AgentChannelDto From(AgentChannelSettingsView? view, bool? reachable)
    {
        var configured = !string.IsNullOrWhiteSpace(view?.TeamId) && !string.IsNullOrWhiteSpace(view?.ChannelId);
        var status = !configured ? "off" : reachable switch { true => "reachable", false => "not reachable yet", null => "unknown" };
        return new AgentChannelDto(view?.TeamId, view?.ChannelId, view?.ServiceUrl, status);
    }
}

public sealed class GetSettingsQueryHandler(ISettingsStore store, IAgentChannel agentChannel) : IQueryHandler<GetSettingsQuery, SettingsDto>
{
    public async ValueTask<SettingsDto> Handle(GetSettingsQuery query, CancellationToken cancellationToken) =>
        SettingsDto.From(store.Current(), await agentChannel.FindAsync(cancellationToken) is not null);
}
