using Handoff.Infrastructure.Outbox;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Lets <c>dotnet ef migrations add &lt;Name&gt; --output-dir Persistence/Sqlite/Migrations</c> build the Sqlite model
/// without starting the host.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HandoffDbContext>
{
    public HandoffDbContext CreateDbContext(string[] args)
    {
        var provider = new SqlitePersistenceProvider("Data Source=design.db");
        var options = new DbContextOptionsBuilder<HandoffDbContext>();
        provider.ConfigureDbContext(options);
        return new HandoffDbContext(options.Options, new NoPublisher(), new OutboxSignal(), new SqliteWriteGate(), provider);
    }

    private sealed class NoPublisher : IPublisher
    {
        public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification => ValueTask.CompletedTask;

        public ValueTask Publish(object notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
