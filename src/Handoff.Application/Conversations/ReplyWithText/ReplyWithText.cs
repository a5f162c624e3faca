using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.ReplyWithText;

/// <summary>A custom scenario, or the fallback: the bot replies with a configured text.</summary>
public sealed record ReplyWithTextCommand(ConversationId ConversationId, string Text) : ICommand<Result>;

public sealed class ReplyWithTextCommandValidator : AbstractValidator<ReplyWithTextCommand>
{
    public ReplyWithTextCommandValidator() => RuleFor(c => c.Text).NotEmpty();
}

public sealed class ReplyWithTextCommandHandler(IConversationRepository conversations, Notifier notify, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<ReplyWithTextCommand, Result>
{
    public async ValueTask<Result> Handle(ReplyWithTextCommand command, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");
        notify.ToUser(conversation, command.Text, clock.GetUtcNow());
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
