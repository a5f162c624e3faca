using Handoff.Domain.Meetings;

namespace Handoff.Application.Common.Interfaces;

/// <summary>
/// Creates a Microsoft Teams online meeting for one organizer (Graph <c>createOrGet</c>, so the same
/// <see cref="MeetingRequest.ExternalId"/> never makes a second meeting). The fallback to the default organizer is
/// decided by the caller (<see cref="MeetingOrganizers"/>), not here.
/// </summary>
public interface IMeetingScheduler
{
    ValueTask<MeetingResult> CreateAsync(MeetingRequest request, CancellationToken cancellationToken);
}

public sealed record MeetingRequest(
    string OrganizerObjectId,
    string ExternalId,
    string Subject,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? AttendeeObjectId);

/// <summary>Either a meeting (join URL and id) or why none could be created.</summary>
public sealed record MeetingResult(string? JoinUrl, string? MeetingId, MeetingFailure? Failure, string? Detail)
{
    public bool IsCreated => Failure is null;

    public static MeetingResult Created(string joinUrl, string meetingId) => new(joinUrl, meetingId, null, null);

    public static MeetingResult Failed(MeetingFailure failure, string detail) => new(null, null, failure, detail);
}
