using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.Privacy;

namespace Handoff.Application.Privacy.EraseConversation;

/// <summary>
/// An administrator erases one end user's conversation everywhere it is stored. Refused while the conversation is
/// waiting for or talking with an agent (see <see cref="ErasureRules"/>). What remains is one audit record saying who
/// erased which conversation and when, without any content.
/// </summary>
public sealed record EraseConversationCommand(Guid Id, string Actor) : ICommand<Result<ErasureDto>>;

public sealed record ErasureDto(IReadOnlyList<Guid> Conversations, RemovedData Removed);

public sealed class EraseConversationCommandValidator : AbstractValidator<EraseConversationCommand>
{
    public EraseConversationCommandValidator() => RuleFor(c => c.Actor).NotEmpty();
}

public sealed class EraseConversationCommandHandler(IPrivacyStore store, TimeProvider clock)
    : ICommandHandler<EraseConversationCommand, Result<ErasureDto>>
{
    public static Error NotFound(Guid id) => new("conversation.not_found", ("reference", id.ToString()));

    public async ValueTask<Result<ErasureDto>> Handle(EraseConversationCommand command, CancellationToken cancellationToken)
    {
        var conversation = command.Id == Guid.Empty ? null : await store.FindConversationAsync(new ConversationId(command.Id), cancellationToken);
        if (conversation is null)
        {
            return NotFound(command.Id);
        }

        var allowed = ErasureRules.EnsureCanBeErased(conversation.State);
        if (allowed.IsFailure)
        {
            return allowed.Error;
        }

        var removed = await store.EraseConversationAsync(conversation, AuditRecordOf(conversation, command.Actor, "conversation", clock.GetUtcNow()), cancellationToken);
        return new ErasureDto([command.Id], removed);
    }

    /// <summary>Who erased which conversation, when and why; never what it contained.</summary>
    public static AuditRecord AuditRecordOf(ErasableConversation conversation, string actor, string requestedFor, DateTimeOffset now) =>
        AuditRecord.Create(
            AuditType.ConversationErased,
            now,
            actor,
            $"erased on request for the {requestedFor} ({conversation.ChannelId}): transcript, channel log and uploads, outbox messages, processed markers",
            conversation.Id.Value);
}
