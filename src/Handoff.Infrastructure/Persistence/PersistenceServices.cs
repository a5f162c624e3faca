using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Persistence.Postgres;
using Handoff.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// Chooses the database provider (<c>Persistence:Provider</c>: <c>Sqlite</c>, the default, or <c>Postgres</c>; any case)
/// and lets it register <see cref="HandoffDbContext"/> on it.
/// </summary>
public static class PersistenceServices
{
    public const string ProviderKey = "Persistence:Provider";

    public static IPersistenceProvider AddPersistence(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var name = configuration[ProviderKey];
        var provider = IsProvider(name, SqlitePersistenceProvider.ProviderName) || string.IsNullOrWhiteSpace(name) ? services.AddSqlitePersistence(configuration, contentRootPath)
            : IsProvider(name, PostgresPersistenceProvider.ProviderName) ? services.AddPostgresPersistence(configuration)
            : throw new InvalidOperationException($"{ProviderKey} '{name}' is not a known database provider; the known ones are '{SqlitePersistenceProvider.ProviderName}' (the default) and '{PostgresPersistenceProvider.ProviderName}'.");

        services.AddSingleton(provider);
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<HandoffDbContext>());
        return provider;
    }

    private static bool IsProvider(string? configured, string providerName) =>
        string.Equals(configured?.Trim(), providerName, StringComparison.OrdinalIgnoreCase);
}
