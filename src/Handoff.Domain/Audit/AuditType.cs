namespace Handoff.Domain.Audit;

/// <summary>Everything that is recorded in the append-only audit log (product §8).</summary>
public enum AuditType
{
    AgentLoggedIn,
    AgentLoggedOut,
    AgentLoginRefused,
    AgentStatusChanged,
    HandoffRequested,
    HandoffCancelled,
    HandoffTimedOut,
    AgentConnected,
    HandoffEnded,
    MeetingCreated,
    TranscriptRead,
    SettingsChanged,
    LanguageModelChanged,
    DeliveryFailed,
    HandoffTransferred,
    AgentCapacityChanged,
    ConversationErased,
    AgentKeyCreated,
    AgentKeyRevoked,
    AgentSignedOut,
}
