using Handoff.Domain.Conversations;

namespace Handoff.Application.Management.ListConversations;

/// <summary>Conversations, most recently active first, optionally in one state (<c>Bot</c>, <c>Waiting</c>, <c>Connected</c>), a page at a time.</summary>
public sealed record ListConversationsQuery(string? State, int? PageNumber, int? PageSize) : IQuery<Page<ConversationListItemDto>>;

public sealed class ListConversationsQueryValidator : AbstractValidator<ListConversationsQuery>
{
    public ListConversationsQueryValidator()
    {
        RuleFor(q => q.State)
            .Must(s => Enum.TryParse<ConversationState>(s, ignoreCase: true, out _) && !int.TryParse(s, out _))
            .When(q => !string.IsNullOrEmpty(q.State))
            .WithMessage($"must be one of {string.Join(", ", Enum.GetNames<ConversationState>())}.")
            .OverridePropertyName("state");
        PagingRules.Apply(this, q => q.PageNumber, q => q.PageSize);
    }
}

public sealed class ListConversationsQueryHandler(IManagementQueries queries) : IQueryHandler<ListConversationsQuery, Page<ConversationListItemDto>>
{
    public async ValueTask<Page<ConversationListItemDto>> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        ConversationState? state = string.IsNullOrEmpty(query.State) ? null : Enum.Parse<ConversationState>(query.State, ignoreCase: true);
        return await queries.ListConversationsAsync(state, query.PageNumber ?? 1, query.PageSize ?? Page<ConversationListItemDto>.DefaultSize, cancellationToken);
    }
}
