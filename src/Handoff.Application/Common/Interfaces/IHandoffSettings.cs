using Handoff.Application.Common.Settings;

namespace Handoff.Application.Common.Interfaces;

/// <summary>
/// The settings in force right now: configuration files and environment, overridden by what administrators saved.
/// Read per use case, so a change takes effect on the next message without a restart.
/// </summary>
public interface IHandoffSettings
{
    ValueTask<EffectiveSettings> GetAsync(CancellationToken cancellationToken);
}

/// <summary>The settings one use case works with.</summary>
/// <param name="Handoff">Switch, texts, timeouts, capacity.</param>
/// <param name="TeamsTenantId">The only tenant whose Teams users may sign in as agents.</param>
/// <param name="DefaultMeetingOrganizerObjectId">Organizes meetings when the agent cannot.</param>
public sealed record EffectiveSettings(HandoffOptions Handoff, string? TeamsTenantId, string? DefaultMeetingOrganizerObjectId);
