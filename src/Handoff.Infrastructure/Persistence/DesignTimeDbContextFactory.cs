using Handoff.Infrastructure.Outbox;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Handoff.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HandoffDbContext>
{
    public HandoffDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HandoffDbContext>().UseSqlite("Data Source=design.db").Options, new NoPublisher(), new OutboxSignal(), new SqliteWriteGate());

    private sealed class NoPublisher : IPublisher
    {
        public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification => ValueTask.CompletedTask;

        public ValueTask Publish(object notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
