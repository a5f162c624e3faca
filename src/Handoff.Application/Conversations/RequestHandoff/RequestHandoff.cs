using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.RequestHandoff;

/// <summary>The user (or an upstream bot) asks for a person: the user joins the queue and every available agent is told.</summary>
public sealed record RequestHandoffCommand(ConversationId ConversationId, string? Reason, int Priority, HandoffSource Source) : ICommand<Result>;

/// <summary>How <see cref="RequestHandoffCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class RequestHandoffCommandEntry() : CommandEntry<RequestHandoffCommand>(
    scenarioId: Scenario,
    word: "agent",
    audience: Audience.EndUser,
    description: "End user: ask for a live agent (enter the queue).",
    modelName: "Talk to a person",
    patterns: [@"agent|human|representative|talk to a (person|human)"],
    order: 100,
    helpLine: words => words.AskForAgentHelpLine,
    // Heard while waiting too: asking again is answered with the place in the queue every time (the handler's
    // AlreadyWaiting answer), not taken for chatter whose reminder is throttled to once a minute.
    heardWhile: [ConversationState.Bot, ConversationState.Waiting])
{
    public const string Scenario = "builtin/handoff";

    protected override RequestHandoffCommand Create(Invocation invocation) => new(invocation.ConversationId, "asked for an agent", 0, HandoffSource.EndUser);
}

public sealed class RequestHandoffCommandValidator : AbstractValidator<RequestHandoffCommand>
{
    public RequestHandoffCommandValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(Conversation.MaxReasonLength);
        RuleFor(c => c.Priority).InclusiveBetween(-100, 100);
    }
}

public sealed class RequestHandoffCommandHandler(
    IConversationRepository conversations,
    IHandoffSettings settings,
    QueueEstimates estimates,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<RequestHandoffCommand, Result>
{
    public async ValueTask<Result> Handle(RequestHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var options = (await settings.GetAsync(cancellationToken)).Handoff;
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");

        var requested = conversation.RequestHandoff(options.Enabled, command.Source, command.Reason, command.Priority, now);
        if (requested.IsFailure)
        {
            var words = options.Messages.For(conversation.Locale);
            var refusal = requested.Error == ConversationErrors.HandoffDisabled ? words.HandoffDisabled
                : requested.Error == ConversationErrors.AlreadyWaiting ? MessageText.Fill(words.StillWaiting, ("position", await estimates.PositionAsync(conversation, cancellationToken)))
                : words.Render(requested.Error);
            notify.ToUser(conversation, refusal, now);
            if (requested.Error != ConversationErrors.AlreadyWaiting || command.Source == HandoffSource.UpstreamBot)
            {
                // A user asking again while waiting has not made the handoff fail: the upstream bot is not told so.
                notify.HandoffStatus(conversation, "failed", refusal);
            }
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return requested;
        }

        // The queue notice and the agents' waiting cards: HandoffRequestedNotifications, inside this save.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
