namespace Handoff.Domain.Agents;

/// <summary>Why an agent was signed out.</summary>
public enum AgentLogoutReason
{
    ByChoice,
    MembershipRevoked,
    Unreachable,

    /// <summary>An administrator signed the agent out (<c>/admin</c>), or revoked the agent's access key.</summary>
    ByAdministrator,

    /// <summary>The same agent signed in again elsewhere while holding live users: the older session ends (ADR-033).</summary>
    SignedInElsewhere,
}
