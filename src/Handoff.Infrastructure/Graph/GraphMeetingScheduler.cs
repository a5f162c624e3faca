using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Meetings;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.OnlineMeetings.CreateOrGet;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// Teams meetings through <c>POST /users/{organizer}/onlineMeetings/createOrGet</c>: the external id makes a re-sent
/// request (or the SDK retrying a POST) return the same meeting instead of a second one. Failures are classified for
/// the caller, which decides on the default organizer: 403 → not permitted, 404 → not found, anything else → unavailable.
/// </summary>
public sealed class GraphMeetingScheduler(GraphClientProvider graph, ILogger<GraphMeetingScheduler> logger) : IMeetingScheduler
{
    public async ValueTask<MeetingResult> CreateAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        var connection = graph.Current;
        if (connection is null)
        {
            return MeetingResult.Failed(MeetingFailure.NotConfigured, "Microsoft Graph is not configured.");
        }

        var organizer = request.OrganizerObjectId.Trim();
        if (!Guid.TryParse(organizer, out _))
        {
            return MeetingResult.Failed(MeetingFailure.OrganizerNotFound, $"'{organizer}' is not an Entra object id.");
        }

        try
        {
            var meeting = await connection.Meetings.ExecuteAsync(
                async ct => await connection.Client.Users[organizer].OnlineMeetings.CreateOrGet.PostAsync(Body(request, organizer), cancellationToken: ct),
                cancellationToken);
            if (string.IsNullOrEmpty(meeting?.JoinWebUrl) || string.IsNullOrEmpty(meeting.Id))
            {
                logger.LogWarning("Graph returned a meeting without a join URL for organizer {OrganizerObjectId}.", organizer);
                return MeetingResult.Failed(MeetingFailure.Unavailable, "Microsoft Graph returned a meeting without a join link.");
            }

            logger.LogInformation("Teams meeting {MeetingId} ready, organizer {OrganizerObjectId}, external id {ExternalId}.", meeting.Id, organizer, request.ExternalId);
            return MeetingResult.Created(meeting.JoinWebUrl, meeting.Id);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = GraphErrors.StatusOf(ex) switch
            {
                403 => MeetingFailure.OrganizerNotPermitted,
                404 => MeetingFailure.OrganizerNotFound,
                _ => MeetingFailure.Unavailable,
            };
            var detail = GraphErrors.Describe(ex);
            logger.LogWarning("No Teams meeting with organizer {OrganizerObjectId}: {Failure} ({Detail}).", organizer, failure, detail);
            return MeetingResult.Failed(failure, detail);
        }
    }

    private static CreateOrGetPostRequestBody Body(MeetingRequest request, string organizer)
    {
        var body = new CreateOrGetPostRequestBody
        {
            ExternalId = request.ExternalId,
            Subject = request.Subject,
            StartDateTime = request.Start,
            EndDateTime = request.End,
        };

        // When the default organizer stands in, the agent joins as a presenter so they can still run the meeting.
        if (request.AttendeeObjectId is { } attendee && Guid.TryParse(attendee, out _) && !string.Equals(attendee, organizer, StringComparison.OrdinalIgnoreCase))
        {
            body.Participants = new MeetingParticipants
            {
                Attendees =
                [
                    new MeetingParticipantInfo { Role = OnlineMeetingRole.Presenter, Identity = new IdentitySet { User = new Identity { Id = attendee } } },
                ],
            };
        }

        return body;
    }
}
