using System.Security.Cryptography;
using System.Text;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.TellThreadBystander;

/// <summary>
/// Teams channel mode (ADR-037): someone other than the serving agent wrote in a user's thread. Nothing is relayed;
/// they are told so once per thread (the outbox remembers that it was said).
/// </summary>
public sealed record TellThreadBystanderCommand(ConversationId ConversationId, ChannelAddress Thread, string MemberId) : ICommand<Result>;

public sealed class TellThreadBystanderCommandHandler(
    IConversationRepository conversations,
    IHandoffSettings settings,
    IOutbox outbox,
    IUnitOfWork unitOfWork) : ICommandHandler<TellThreadBystanderCommand, Result>
{
    public async ValueTask<Result> Handle(TellThreadBystanderCommand command, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");
        var key = $"bystander:{conversation.AgentThreadKey}:{Hash(command.MemberId)}";
        if ((await outbox.FindCorrelationKeysAsync(key, cancellationToken)).Count > 0)
        {
            return Result.Success();
        }

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        outbox.Enqueue(new OutboundMessage(command.Thread, MessageText.Fill(words.ThreadBystander, ("user", conversation.UserName)), [], CorrelationKey: key));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>Member ids are long; the key keeps a short, fixed-length digest of them.</summary>
    private static string Hash(string memberId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(memberId)))[..16];
}
