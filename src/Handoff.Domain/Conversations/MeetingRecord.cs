using Handoff.Domain.Agents;

namespace Handoff.Domain.Conversations;

/// <summary>A Teams meeting created for a conversation: the join link, who organized it, and whether the default organizer had to stand in.</summary>
public sealed record MeetingRecord(
    string JoinUrl,
    string MeetingId,
    string OrganizerObjectId,
    bool DefaultOrganizerUsed,
    AgentId AgentId,
    DateTimeOffset CreatedAt);
