using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Settings;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Settings;

/// <summary>The settings from configuration files and the environment (re-read when the files change).</summary>
internal sealed class ConfiguredHandoffSettings(IOptionsMonitor<HandoffOptions> handoff, IOptionsMonitor<TeamsOptions> teams) : IHandoffSettings
{
    public ValueTask<EffectiveSettings> GetAsync(CancellationToken cancellationToken)
    {
        var teamsOptions = teams.CurrentValue;
        return ValueTask.FromResult(new EffectiveSettings(handoff.CurrentValue, teamsOptions.TenantId, teamsOptions.DefaultMeetingOrganizerObjectId));
    }
}
