using Handoff.Application.LanguageModels.SeedBuiltInLanguageModels;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Persistence;

/// <summary>Applies the committed migrations and seeds the built-in language models. Runs before the server accepts requests.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var provider = scope.ServiceProvider.GetRequiredService<IPersistenceProvider>();

        // EF Core's own migration lock covers the schema only; the seed below would race too (two instances inserting
        // the same built-in model), so the whole initialization runs under the provider's lock.
        await using var initializing = await provider.LockInitializationAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await provider.PrepareAsync(db.Database, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SeedBuiltInLanguageModelsCommand(), cancellationToken);
    }
}
