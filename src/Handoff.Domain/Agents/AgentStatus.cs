namespace Handoff.Domain.Agents;

/// <summary>Presence of an agent. Only <see cref="Available"/> agents under capacity are told about new waiting users.</summary>
public enum AgentStatus
{
    LoggedOut,
    Available,
    Away,
}
