using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Management.GetConversation;

/// <summary>
/// An administrator reads one conversation with its transcript. Reading a transcript is personal data access, so it is
/// audited with the reader; that is why this is a command.
/// </summary>
public sealed record GetConversationCommand(Guid Id, string Actor) : ICommand<Result<ConversationDetailsDto>>;

public sealed record ConversationDetailsDto(ConversationListItemDto Conversation, IReadOnlyList<MeetingDto> Meetings, IReadOnlyList<TranscriptEntryDto> Transcript);

public sealed class GetConversationCommandValidator : AbstractValidator<GetConversationCommand>
{
    public GetConversationCommandValidator() => RuleFor(c => c.Actor).NotEmpty();
}

public sealed class GetConversationCommandHandler(IManagementQueries queries, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<GetConversationCommand, Result<ConversationDetailsDto>>
{
    /// <summary>The most transcript entries one read returns (the newest ones).</summary>
    public const int MaxTranscriptEntries = 1_000;

    /// <summary>The same refusal as an agent typing an unknown id after <c>connect</c>, so it has the same words.</summary>
    public static Error NotFound(Guid id) => ConversationErrors.NotFound(id.ToString());

    public async ValueTask<Result<ConversationDetailsDto>> Handle(GetConversationCommand command, CancellationToken cancellationToken)
    {
        var conversation = command.Id == Guid.Empty ? null : await queries.FindConversationAsync(new ConversationId(command.Id), cancellationToken);
        if (conversation is null)
        {
            return NotFound(command.Id);
        }

        var id = new ConversationId(command.Id);
        var transcript = await queries.TranscriptAsync(id, MaxTranscriptEntries, cancellationToken);
        var meetings = await queries.MeetingsAsync(id, cancellationToken);
        audit.Add(AuditRecord.Create(AuditType.TranscriptRead, clock.GetUtcNow(), command.Actor, $"read the transcript of {conversation.UserName} ({transcript.Count} entries)", command.Id));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return new ConversationDetailsDto(conversation, meetings, transcript);
    }
}
