namespace Handoff.Infrastructure.Settings;

/// <summary>The <c>Teams</c> configuration section: the tenant, the Entra app registration used for Graph, the agent group and the default meeting organizer.</summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Write-only: never logged, never returned by the management API.</summary>
    public string? ClientSecret { get; set; }

    public string? AgentGroupObjectId { get; set; }

    public string? DefaultMeetingOrganizerObjectId { get; set; }

    /// <summary>Channel mode (ADR-037): the team channel where each waiting user gets a thread; off while unset.</summary>
    public AgentChannelOptions AgentChannel { get; set; } = new();

    /// <summary>Teams agent login (Graph) is active once the tenant, app and group are configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(AgentGroupObjectId);
}

/// <summary><c>Teams:AgentChannel</c>: the team and channel of the channel mode, and an optional service URL override.</summary>
public sealed class AgentChannelOptions
{
    /// <summary>The team's id (<c>channelData.team.id</c>, <c>19:...@thread.tacv2</c>), where the Handoff app is installed.</summary>
    public string? TeamId { get; set; }

    /// <summary>The channel's id (<c>19:...@thread.tacv2</c>; a team's General channel has the team's id).</summary>
    public string? ChannelId { get; set; }

    /// <summary>Overrides the service URL learnt from the team's activities (https only).</summary>
    public string? ServiceUrl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TeamId) && !string.IsNullOrWhiteSpace(ChannelId);
}
