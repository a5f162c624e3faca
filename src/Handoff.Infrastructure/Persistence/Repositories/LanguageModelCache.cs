using Handoff.Domain.LanguageModels;
using Handoff.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

/// <summary>
/// The language models in memory: every message is matched against all of them, and they change only when an
/// administrator saves one. The list is read (untracked) on first use after a change and dropped on
/// <see cref="ChangeTopics.LanguageModels"/>, which every instance hears (<see cref="LanguageModelRepository"/>
/// announces its commits). A generation number keeps a read that raced a change from being kept: it may be served once,
/// never cached.
/// </summary>
public sealed class LanguageModelCache : IDisposable
{
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private IReadOnlyList<LanguageModel>? _models;
    private long _generation;

    public LanguageModelCache(IChangeNotifications notifications) =>
        _subscription = notifications.Subscribe(ChangeTopics.LanguageModels, _ => Invalidate());

    /// <summary>The models by order, shared by every caller: read them, never change them (changes go through a tracked <c>FindAsync</c>).</summary>
    public async Task<IReadOnlyList<LanguageModel>> GetAsync(HandoffDbContext db, CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            if (_models is not null)
            {
                return _models;
            }

            generation = _generation;
        }

        var models = await db.LanguageModels.AsNoTracking().OrderBy(m => m.Order).ToListAsync(cancellationToken);
        lock (_gate)
        {
            if (generation == _generation)
            {
                _models = models;
            }
        }

        return models;
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _models = null;
            _generation++;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
