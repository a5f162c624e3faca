using System.Collections.Concurrent;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Meetings;

namespace Handoff.TestSupport;

/// <summary>A fake at the meeting-scheduler port: organizers can be refused (403/404) per test; requests are recorded.</summary>
public sealed class FakeMeetingScheduler : IMeetingScheduler
{
    private readonly ConcurrentDictionary<string, MeetingFailure> _refusals = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<MeetingRequest> _requests = new();

    public IReadOnlyList<MeetingRequest> Requests => [.. _requests];

    public void Refuse(string organizerObjectId, MeetingFailure failure) => _refusals[organizerObjectId] = failure;

    public ValueTask<MeetingResult> CreateAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return ValueTask.FromResult(_refusals.TryGetValue(request.OrganizerObjectId, out var failure)
            ? MeetingResult.Failed(failure, $"refused {request.OrganizerObjectId}")
            : MeetingResult.Created($"https://teams.microsoft.com/l/meetup-join/{request.ExternalId}", $"meeting-{request.ExternalId}"));
    }
}
