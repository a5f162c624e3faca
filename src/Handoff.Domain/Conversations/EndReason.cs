namespace Handoff.Domain.Conversations;

/// <summary>Why a live conversation with an agent ended.</summary>
public enum EndReason
{
    AgentDisconnected,
    AgentLoggedOut,
    UserEnded,
    UserInactive,
    AgentInactive,
    AgentUnreachable,
    AgentRevoked,
}
