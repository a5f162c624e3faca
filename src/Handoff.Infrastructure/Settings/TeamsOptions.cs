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

    /// <summary>Teams agent login (Graph) is active once the tenant, app and group are configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(AgentGroupObjectId);
}
