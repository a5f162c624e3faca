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
        await db.Database.MigrateAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IPersistenceProvider>().PrepareAsync(db.Database, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SeedBuiltInLanguageModelsCommand(), cancellationToken);
    }
}
