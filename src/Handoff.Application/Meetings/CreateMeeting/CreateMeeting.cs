using Handoff.Application.Agents;
using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;
using Handoff.Domain.Meetings;

namespace Handoff.Application.Meetings.CreateMeeting;

/// <summary>
/// <c>meeting</c>: a Teams meeting with the connected agent as organizer, or the default organizer when the agent
/// cannot organize (no Entra id, 403, 404). The user gets a Join card, the agent the link.
/// </summary>
public sealed record CreateMeetingCommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="CreateMeetingCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class CreateMeetingCommandEntry() : CommandEntry<CreateMeetingCommand>(
    scenarioId: Scenario,
    word: "meeting",
    audience: Audience.Agent,
    description: "Agent: create a Teams meeting and send the link to the user.",
    modelName: "Agent meeting",
    patterns: [@"^\s*meeting\s*$"],
    order: 40,
    helpLine: words => words.MeetingHelpLine,
    buttons: [new(words => words.MeetingButton)])
{
    public const string Scenario = "builtin/agent_meeting";

    protected override CreateMeetingCommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class CreateMeetingCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IMeetingScheduler scheduler,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<CreateMeetingCommand, Result>
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(1);

    public static readonly Error NoOrganizer = new("meeting.no_organizer");

    public async ValueTask<Result> Handle(CreateMeetingCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = await settings.GetAsync(cancellationToken);
        var defaultOrganizer = current.DefaultMeetingOrganizerObjectId;
        // The meeting lives in the organizer's Teams calendar: its subject is in the default words.
        var subject = current.Handoff.Messages.MeetingSubject;
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        var (conversation, refusal) = await conversations.FocusedAsync(agent, cancellationToken);
        if (conversation is null)
        {
            return await RefuseAsync(agent, refusal!, cancellationToken);
        }

        var organizer = MeetingOrganizers.FirstChoice(agent.EntraObjectId, defaultOrganizer);
        if (organizer is null)
        {
            return await RefuseAsync(agent, NoOrganizer, cancellationToken);
        }

        var result = await ScheduleAsync(organizer, subject, agent, conversation, now, cancellationToken);
        var firstFailure = result;
        if (!result.IsCreated && MeetingOrganizers.Fallback(result.Failure!.Value, organizer, defaultOrganizer) is { } fallback)
        {
            organizer = fallback;
            result = await ScheduleAsync(organizer, subject, agent, conversation, now, cancellationToken);
        }

        if (!result.IsCreated)
        {
            return await RefuseAsync(agent, Explain(result, firstFailure, defaultOrganizer), cancellationToken);
        }

        var defaultUsed = !string.Equals(organizer, agent.EntraObjectId, StringComparison.OrdinalIgnoreCase);
        conversation.RecordMeeting(agent.Id, result.JoinUrl!, result.MeetingId!, organizer, defaultUsed, now);
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var userWords = messages.For(conversation.Locale);
        var agentWords = messages.For(agent.Locale);
        notify.CardToUser(conversation, HandoffCards.MeetingInvitation(agent.DisplayName, result.JoinUrl!, userWords), MessageText.Fill(userWords.MeetingInvitation, ("agent", agent.DisplayName), ("url", result.JoinUrl)), now);
        var organizerName = defaultUsed ? agentWords.MeetingDefaultOrganizer : agent.DisplayName;
        notify.ToAgent(agent, MessageText.Fill(agentWords.MeetingCreated, ("organizer", organizerName), ("user", conversation.UserName), ("url", result.JoinUrl)));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private ValueTask<MeetingResult> ScheduleAsync(string organizer, string subject, Agent agent, Conversation conversation, DateTimeOffset now, CancellationToken cancellationToken) =>
        scheduler.CreateAsync(
            new MeetingRequest(
                organizer,
                // One meeting per handoff: a re-sent request (or a retry) gets the same meeting back.
                $"handoff-{conversation.Id.Value:N}-{conversation.RequestedAt!.Value.UtcTicks}",
                MessageText.Fill(subject, ("user", conversation.UserName)),
                now,
                now + Length,
                agent.EntraObjectId),
            cancellationToken);

    private static Error Explain(MeetingResult result, MeetingResult first, string? defaultOrganizer)
    {
        // The arguments are catalogue codes themselves: the sentence is assembled from the reader's words in RefuseAsync.
        var why = result.Failure switch
        {
            MeetingFailure.OrganizerNotPermitted => "meeting.failed.organizer_not_permitted",
            MeetingFailure.OrganizerNotFound => "meeting.failed.organizer_not_found",
            MeetingFailure.NotConfigured => "meeting.failed.not_configured",
            _ => "meeting.failed.unavailable",
        };
        var hint = first.Failure is MeetingFailure.OrganizerNotPermitted or MeetingFailure.OrganizerNotFound && string.IsNullOrWhiteSpace(defaultOrganizer)
            ? "meeting.failed.no_default_organizer"
            : string.Empty;
        return new Error("meeting.failed", ("why", why), ("hint", hint));
    }

    private static string Say(HandoffMessages words, Error error) =>
        error.Code != "meeting.failed" ? words.Render(error)
        : words.Render(new Error(error.Code, [.. error.Arguments.Select(a => (a.Name, a.Value.Length == 0 ? string.Empty : words.Render(new Error(a.Value))))]));

    private async Task<Result> RefuseAsync(Agent agent, Error error, CancellationToken cancellationToken)
    {
        notify.ToAgent(agent, Say((await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale), error));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return error;
    }
}
