using Handoff.Application.Common.Settings;

namespace Handoff.Application.Management;

/// <summary>
/// Settings administrators save. They are stored in the database, override the configuration files, and take effect
/// without a restart. Secret values never leave the store: only whether one is set.
/// </summary>
public interface ISettingsStore
{
    /// <summary>The settings in force right now.</summary>
    SettingsSnapshot Current();

    /// <summary>
    /// Runs the start-up validators on the settings as they would be with <paramref name="changes"/> applied.
    /// Returns the errors by configuration key; empty when the result would be valid.
    /// </summary>
    IReadOnlyDictionary<string, string[]> Validate(IReadOnlyDictionary<string, string> changes);

    /// <summary>Adds the changes to the current unit of work; they are stored with its next save.</summary>
    Task StageAsync(IReadOnlyDictionary<string, string> changes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Makes saved changes visible to every settings reader (no restart).</summary>
    void Apply();
}

/// <summary>The settings in force, without secret values.</summary>
public sealed record SettingsSnapshot(HandoffOptions Handoff, TeamsSettingsView Teams, IReadOnlyList<string> OverriddenKeys);

/// <summary>The Teams settings as an administrator may see them: the client secret only as "set or not".</summary>
public sealed record TeamsSettingsView(
    string? TenantId, string? ClientId, bool ClientSecretSet, string? AgentGroupObjectId, string? DefaultMeetingOrganizerObjectId, AgentChannelSettingsView? AgentChannel = null);

/// <summary><c>Teams:AgentChannel</c>, the channel mode (ADR-037): the team, the channel, and the service URL override.</summary>
public sealed record AgentChannelSettingsView(string? TeamId, string? ChannelId, string? ServiceUrl);
