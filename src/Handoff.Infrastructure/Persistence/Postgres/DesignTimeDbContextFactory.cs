using Handoff.Infrastructure.Outbox;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Handoff.Infrastructure.Persistence.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add &lt;Name&gt; --context PostgresHandoffDbContext --output-dir Persistence/Postgres/Migrations</c>
/// build the PostgreSQL model without starting the host or reaching a server (adding a migration does not connect).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresHandoffDbContext>
{
    public PostgresHandoffDbContext CreateDbContext(string[] args)
    {
        var provider = new PostgresPersistenceProvider("Host=127.0.0.1;Database=handoff_design");
        var options = new DbContextOptionsBuilder<PostgresHandoffDbContext>();
        provider.ConfigureDbContext(options);
        return new PostgresHandoffDbContext(options.Options, new NoPublisher(), new OutboxSignal(), new ConcurrentWritersGate(), provider);
    }

    private sealed class NoPublisher : IPublisher
    {
        public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification => ValueTask.CompletedTask;

        public ValueTask Publish(object notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
