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

    public async Task<IReadOnlyList<string>> SeedKeysAsync(CancellationToken cancellationToken) =>
        await db.LanguageModels.Where(m => m.SeedKey != null).Select(m => m.SeedKey!).ToListAsync(cancellationToken);

    public void Add(LanguageModel model) => db.LanguageModels.Add(model);

    public void Remove(LanguageModel model) => db.LanguageModels.Remove(model);
}
