using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>Registers the Sqlite provider and its single-process write gate.</summary>
public static class SqlitePersistence
{
    public static IPersistenceProvider AddSqlitePersistence(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddSingleton<IDatabaseWriteGate, SqliteWriteGate>();
        return new SqlitePersistenceProvider(SqlitePersistenceProvider.ResolveConnectionString(configuration, contentRootPath));
    }
}
