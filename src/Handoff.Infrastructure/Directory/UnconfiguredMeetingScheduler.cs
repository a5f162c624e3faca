using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Meetings;

namespace Handoff.Infrastructure.Directory;

/// <summary>Without Microsoft Graph settings no meeting can be created; the agent is told why.</summary>
internal sealed class UnconfiguredMeetingScheduler : IMeetingScheduler
{
    public ValueTask<MeetingResult> CreateAsync(MeetingRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(MeetingResult.Failed(MeetingFailure.NotConfigured, "Microsoft Graph is not configured."));
}
