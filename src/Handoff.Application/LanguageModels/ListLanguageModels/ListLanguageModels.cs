using Handoff.Application.Common.Interfaces;

namespace Handoff.Application.LanguageModels.ListLanguageModels;

/// <summary>Every language model, in matching order.</summary>
public sealed record ListLanguageModelsQuery : IQuery<IReadOnlyList<LanguageModelDto>>;

public sealed class ListLanguageModelsQueryHandler(ILanguageModelRepository models) : IQueryHandler<ListLanguageModelsQuery, IReadOnlyList<LanguageModelDto>>
{
    public async ValueTask<IReadOnlyList<LanguageModelDto>> Handle(ListLanguageModelsQuery query, CancellationToken cancellationToken) =>
        [.. (await models.ListAsync(cancellationToken)).OrderBy(m => m.Order).Select(LanguageModelDto.From)];
}
