using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.CancelHandoff;

/// <summary>The waiting user leaves the queue and is back with the bot.</summary>
public sealed record CancelHandoffCommand(ConversationId ConversationId) : ICommand<Result>;

/// <summary>How <see cref="CancelHandoffCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class CancelHandoffCommandEntry() : CommandEntry<CancelHandoffCommand>(
    scenarioId: Scenario,
    word: SubmitWord,
    audience: Audience.EndUser,
    description: "End user: leave the queue.",
    modelName: "Leave the queue",
    patterns: [@"^\s*(cancel|leave( the)? queue|stop waiting)\s*$"],
    order: 110,
    helpLine: words => words.CancelHelpLine,
    heardWhile: [ConversationState.Bot, ConversationState.Waiting])
{
    /// <summary>What other cards' buttons submit to ask for this command.</summary>
    public const string SubmitWord = "cancel";

    public const string Scenario = "builtin/handoff_cancel";

    protected override CancelHandoffCommand Create(Invocation invocation) => new(invocation.ConversationId);
}

public sealed class CancelHandoffCommandHandler(
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<CancelHandoffCommand, Result>
{
    public async ValueTask<Result> Handle(CancelHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");

        var cancelled = conversation.CancelHandoff(now);
        if (cancelled.IsFailure)
        {
            notify.ToUser(conversation, (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(conversation.Locale).Render(cancelled.Error), now);
        }

        // Leaving is told by HandoffCancelledNotifications, inside this save.

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return cancelled;
    }
}
