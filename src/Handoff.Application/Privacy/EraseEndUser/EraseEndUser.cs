using Handoff.Application.Privacy.EraseConversation;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.Privacy;

namespace Handoff.Application.Privacy.EraseEndUser;

/// <summary>
/// An administrator erases everything stored about one end user (by channel and user id): every conversation, as
/// <see cref="EraseConversationCommand"/> does (one audit record each), and the channel's data that belongs to no
/// conversation. All or nothing is refused: while any of the user's conversations is in use, nothing is erased.
/// </summary>
public sealed record EraseEndUserCommand(string ChannelId, string UserId, string Actor) : ICommand<Result<ErasureDto>>;

public sealed class EraseEndUserCommandValidator : AbstractValidator<EraseEndUserCommand>
{
    public EraseEndUserCommandValidator()
    {
        RuleFor(c => c.ChannelId).NotEmpty().MaximumLength(64);
        RuleFor(c => c.UserId).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.Actor).NotEmpty();
    }
}

public sealed class EraseEndUserCommandHandler(IPrivacyStore store, TimeProvider clock)
    : ICommandHandler<EraseEndUserCommand, Result<ErasureDto>>
{
    public static readonly Error NotFound = new("end_user.not_found");

    public async ValueTask<Result<ErasureDto>> Handle(EraseEndUserCommand command, CancellationToken cancellationToken)
    {
        var conversations = await store.FindEndUserConversationsAsync(command.ChannelId, command.UserId, cancellationToken);
        if (conversations.FirstOrDefault(c => ErasureRules.IsInUse(c.State)) is not null)
        {
            return ErasureRules.StillActive;
        }

        var removed = new RemovedData();
        foreach (var conversation in conversations)
        {
            var record = EraseConversationCommandHandler.AuditRecordOf(conversation, command.Actor, "end user", clock.GetUtcNow());
            removed += await store.EraseConversationAsync(conversation, record, cancellationToken);
        }

        removed += await store.EraseEndUserChannelDataAsync(command.ChannelId, command.UserId, cancellationToken);
        return conversations.Count == 0 && removed == new RemovedData()
            ? NotFound
            : new ErasureDto([.. conversations.Select(c => c.Id.Value)], removed);
    }
}
