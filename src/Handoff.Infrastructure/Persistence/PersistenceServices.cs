using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Observability;
using Handoff.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Persistence;

/// <summary>Chooses the database provider (<c>Persistence:Provider</c>, default <c>Sqlite</c>) and registers the context on it.</summary>
public static class PersistenceServices
{
    public const string ProviderKey = "Persistence:Provider";

    public static IPersistenceProvider AddPersistence(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var name = configuration[ProviderKey];
        var provider = string.IsNullOrWhiteSpace(name) || string.Equals(name, SqlitePersistenceProvider.ProviderName, StringComparison.OrdinalIgnoreCase)
            ? services.AddSqlitePersistence(configuration, contentRootPath)
            : throw new InvalidOperationException($"{ProviderKey} '{name}' is not a known database provider; the known one is '{SqlitePersistenceProvider.ProviderName}'.");

        services.AddSingleton(provider);
        services.AddDbContext<HandoffDbContext>(options =>
        {
            provider.ConfigureDbContext(options);
            options.AddInterceptors(SqlCommandCounter.Instance);
        });
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<HandoffDbContext>());
        return provider;
    }
}
