using Handoff.Application.Common.Interfaces;
using Handoff.Domain.LanguageModels;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class LanguageModelRepository(HandoffDbContext db) : ILanguageModelRepository
{
    public async Task<IReadOnlyList<LanguageModel>> ListAsync(CancellationToken cancellationToken) =>
        await db.LanguageModels.OrderBy(m => m.Order).ToListAsync(cancellationToken);

    public async Task<LanguageModel?> FindAsync(LanguageModelId id, CancellationToken cancellationToken) =>
        await db.LanguageModels.FindAsync([id], cancellationToken);

    public Task<bool> AnyBuiltInAsync(CancellationToken cancellationToken) => db.LanguageModels.AnyAsync(m => m.BuiltIn, cancellationToken);

    public void Add(LanguageModel model) => db.LanguageModels.Add(model);

    public void Remove(LanguageModel model) => db.LanguageModels.Remove(model);
}
