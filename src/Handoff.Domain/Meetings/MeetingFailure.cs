namespace Handoff.Domain.Meetings;

/// <summary>Why a meeting could not be created for an organizer.</summary>
public enum MeetingFailure
{
    /// <summary>403: the app has no application access policy for the organizer, or the organizer has no Teams licence.</summary>
    OrganizerNotPermitted,

    /// <summary>404: the organizer is unknown in the tenant.</summary>
    OrganizerNotFound,

    /// <summary>Graph is throttling, failing or unreachable; trying another organizer would not help.</summary>
    Unavailable,

    /// <summary>Meetings are not configured (no Graph credentials).</summary>
    NotConfigured,
}
