using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;

namespace Handoff.Application.Conversations.RecordAgentThread;

/// <summary>
/// Teams channel mode (ADR-037): the outbox created a user's thread and Teams answered its id. Kept on the handoff, so
/// what is written in that thread is known to be about that user. An answer for an earlier handoff changes nothing.
/// </summary>
public sealed record RecordAgentThreadCommand(string ThreadKey, string ThreadId) : ICommand<Result>, IRetryOnConflict;

public sealed class RecordAgentThreadCommandHandler(IConversationRepository conversations, IUnitOfWork unitOfWork) : ICommandHandler<RecordAgentThreadCommand, Result>
{
    public async ValueTask<Result> Handle(RecordAgentThreadCommand command, CancellationToken cancellationToken)
    {
        if (AgentThreads.ConversationOf(command.ThreadKey) is not { } id || await conversations.FindAsync(id, cancellationToken) is not { } conversation)
        {
            return Result.Success();
        }

        if (conversation.AttachAgentThread(command.ThreadKey, command.ThreadId))
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }

        return Result.Success();
    }
}
