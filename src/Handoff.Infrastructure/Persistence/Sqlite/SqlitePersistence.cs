using Handoff.Infrastructure.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>Registers the Sqlite provider, the context on it and its single-process write gate and outbox claims.</summary>
public static class SqlitePersistence
{
    public static IPersistenceProvider AddSqlitePersistence(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddSingleton<IDatabaseWriteGate, SqliteWriteGate>();

        // One process: "who delivers which conversation" is a set in memory (ADR-017).
        services.AddSingleton<IOutboxConversationClaims, InProcessOutboxConversationClaims>();
        var provider = new SqlitePersistenceProvider(SqlitePersistenceProvider.ResolveConnectionString(configuration, contentRootPath));
        services.AddDbContext<HandoffDbContext>(provider.ConfigureDbContext);
        return provider;
    }
}
