using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.KeepWaiting;

/// <summary>A waiting user writes: the message is kept for the agent, and the user is reminded of their place at most once a minute.</summary>
public sealed record KeepWaitingCommand(ConversationId ConversationId, string Text, IReadOnlyList<InboundAttachment> Attachments) : ICommand<Result>;

public sealed class KeepWaitingCommandHandler(
    IConversationRepository conversations,
    ITranscriptRepository transcripts,
    IHandoffSettings settings,
    QueueEstimates estimates,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<KeepWaitingCommand, Result>
{
    public async ValueTask<Result> Handle(KeepWaitingCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");

        var attachments = command.Attachments.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(command.Attachments);
        transcripts.Add(conversation.RecordUserMessage(command.Text, attachments, now));
        if (conversation.TakeWaitingNoticeSlot(now))
        {
            var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(conversation.Locale);
            var position = await estimates.PositionAsync(conversation, cancellationToken);
            notify.ToUser(conversation, MessageText.Fill(messages.StillWaiting, ("position", position)), now);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
