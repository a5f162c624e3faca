using Handoff.Infrastructure.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Persistence.Postgres;

/// <summary>Registers the PostgreSQL provider, its context type (for its migrations) and a write gate that lets every save through.</summary>
public static class PostgresPersistence
{
    public static IPersistenceProvider AddPostgresPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = new PostgresPersistenceProvider(PostgresPersistenceProvider.ResolveConnectionString(configuration));
        services.AddSingleton<IDatabaseWriteGate, ConcurrentWritersGate>();

        // Still the in-process claims: correct for one instance; the lease-based claims for several instances replace
        // this registration (issue 10).
        services.AddSingleton<IOutboxConversationClaims, InProcessOutboxConversationClaims>();

        // Everything asks for HandoffDbContext; on PostgreSQL it is the derived type that owns the PostgreSQL migrations.
        services.AddDbContext<HandoffDbContext, PostgresHandoffDbContext>(provider.ConfigureDbContext);
        return provider;
    }
}
