using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.CancelHandoff;

/// <summary>The waiting user leaves the queue and is back with the bot.</summary>
public sealed record CancelHandoffCommand(ConversationId ConversationId) : ICommand<Result>;

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
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");

        var cancelled = conversation.CancelHandoff(now);
        if (cancelled.IsFailure)
        {
            notify.ToUser(conversation, cancelled.Error.Message, now);
        }
        else
        {
            notify.ToUser(conversation, messages.HandoffCancelled, now);
            notify.HandoffStatus(conversation, "failed", "The user left the queue.");
            await notify.ReplaceWaitingCardsAsync(conversation, new AdaptiveCardBuilder().Text($"{conversation.UserName} left the queue.").ToJson(), cancellationToken);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return cancelled;
    }
}
