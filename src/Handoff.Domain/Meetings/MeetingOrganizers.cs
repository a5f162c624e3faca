namespace Handoff.Domain.Meetings;

/// <summary>
/// Who organizes a meeting: the connected agent first, so they own the lobby; the configured default organizer when the
/// agent has no Entra id or Graph refused the agent as organizer (403: no application access policy or licence; 404).
/// </summary>
public static class MeetingOrganizers
{
    public static string? FirstChoice(string? agentObjectId, string? defaultOrganizerObjectId) =>
        string.IsNullOrWhiteSpace(agentObjectId) ? Blank(defaultOrganizerObjectId) : agentObjectId;

    /// <summary>The organizer to try after <paramref name="failure"/> with <paramref name="triedOrganizer"/>, or null when there is none.</summary>
    public static string? Fallback(MeetingFailure failure, string triedOrganizer, string? defaultOrganizerObjectId)
    {
        var fallback = Blank(defaultOrganizerObjectId);
        var organizerRefused = failure is MeetingFailure.OrganizerNotPermitted or MeetingFailure.OrganizerNotFound;
        return organizerRefused && fallback is not null && !string.Equals(fallback, triedOrganizer, StringComparison.OrdinalIgnoreCase)
            ? fallback
            : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
