using System.Collections.Concurrent;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Meetings;

namespace Handoff.TestSupport;

/// <summary>
/// A fake at the meeting-scheduler port: organizers can be refused (403/404) per test; requests and answers are
/// recorded. Each answer is a fresh meeting whose join URL and id cannot be derived from the request, so a test that
/// expects the link checks that the product relays what the scheduler answered (<see cref="Created"/>), never a URL
/// the product could have built itself. For Graph's own behaviour (createOrGet by externalId) use the loopback
/// <c>FakeGraphServer</c>.
/// </summary>
public sealed class FakeMeetingScheduler : IMeetingScheduler
{
    private readonly ConcurrentDictionary<string, MeetingFailure> _refusals = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<MeetingRequest> _requests = new();
    private readonly ConcurrentQueue<MeetingResult> _created = new();

    public IReadOnlyList<MeetingRequest> Requests => [.. _requests];

    /// <summary>The meetings answered so far, in order.</summary>
    public IReadOnlyList<MeetingResult> Created => [.. _created];

    public void Refuse(string organizerObjectId, MeetingFailure failure) => _refusals[organizerObjectId] = failure;

    public ValueTask<MeetingResult> CreateAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        if (_refusals.TryGetValue(request.OrganizerObjectId, out var failure))
        {
            return ValueTask.FromResult(MeetingResult.Failed(failure, $"refused {request.OrganizerObjectId}"));
        }

        var meeting = Guid.NewGuid().ToString("N");
        var created = MeetingResult.Created($"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{meeting}%40thread.v2/0", $"MSo_{meeting}");
        _created.Enqueue(created);
        return ValueTask.FromResult(created);
    }
}
