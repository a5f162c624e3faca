using Handoff.Application.Common.Interfaces;
using Handoff.Domain.LanguageModels;
using Handoff.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

/// <summary>
/// Lists the language models from <see cref="LanguageModelCache"/> (untracked, shared); finds one tracked, for a change.
/// A save of this unit of work that added, changed or removed a model announces <see cref="ChangeTopics.LanguageModels"/>
/// after it committed, so every instance's cache drops the list.
/// </summary>
internal sealed class LanguageModelRepository : ILanguageModelRepository
{
    private readonly HandoffDbContext _db;
    private readonly LanguageModelCache _cache;
    private readonly IChangeNotifications _notifications;
    private bool _changing;

    public LanguageModelRepository(HandoffDbContext db, LanguageModelCache cache, IChangeNotifications notifications)
    {
        _db = db;
        _cache = cache;
        _notifications = notifications;
        db.SavingChanges += (_, _) => _changing = db.ChangeTracker.Entries<LanguageModel>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        db.SavedChanges += (_, _) => AnnounceIfChanged();
        db.SaveChangesFailed += (_, _) => _changing = false;
    }

    public Task<IReadOnlyList<LanguageModel>> ListAsync(CancellationToken cancellationToken) => _cache.GetAsync(_db, cancellationToken);

    public async Task<LanguageModel?> FindAsync(LanguageModelId id, CancellationToken cancellationToken) =>
        await _db.LanguageModels.FindAsync([id], cancellationToken);

    public async Task<IReadOnlyList<string>> SeedKeysAsync(CancellationToken cancellationToken) =>
        await _db.LanguageModels.Where(m => m.SeedKey != null).Select(m => m.SeedKey!).ToListAsync(cancellationToken);

    public void Add(LanguageModel model) => _db.LanguageModels.Add(model);

    public void Remove(LanguageModel model) => _db.LanguageModels.Remove(model);

    private void AnnounceIfChanged()
    {
        if (!_changing)
        {
            return;
        }

        _changing = false;
        _notifications.Publish(ChangeTopics.LanguageModels);
    }
}
