namespace Handoff.Domain.Agents;

/// <summary>Why an agent was signed out.</summary>
public enum AgentLogoutReason
{
    ByChoice,
    MembershipRevoked,
    Unreachable,
}
