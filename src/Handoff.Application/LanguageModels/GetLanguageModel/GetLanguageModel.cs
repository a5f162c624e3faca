using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels.GetLanguageModel;

/// <summary>One language model by id.</summary>
public sealed record GetLanguageModelQuery(LanguageModelId Id) : IQuery<Result<LanguageModelDto>>;

public sealed class GetLanguageModelQueryHandler(ILanguageModelRepository models) : IQueryHandler<GetLanguageModelQuery, Result<LanguageModelDto>>
{
    public async ValueTask<Result<LanguageModelDto>> Handle(GetLanguageModelQuery query, CancellationToken cancellationToken)
    {
        var model = await models.FindAsync(query.Id, cancellationToken);
        return model is null ? LanguageModelErrors.NotFound(query.Id) : LanguageModelDto.From(model);
    }
}
