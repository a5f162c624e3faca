using Handoff.Infrastructure.Outbox;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Postgres;

/// <summary>
/// The same model on PostgreSQL. A type of its own only because EF Core finds a migration set by the context type: the
/// PostgreSQL migrations (<c>Persistence/Postgres/Migrations</c>) belong to this type, Sqlite's to
/// <see cref="HandoffDbContext"/>. Everything else resolves <see cref="HandoffDbContext"/> (ADR-038).
/// </summary>
public sealed class PostgresHandoffDbContext(DbContextOptions<PostgresHandoffDbContext> options, IPublisher publisher, OutboxSignal outboxSignal, IDatabaseWriteGate writeGate, IPersistenceProvider provider)
    : HandoffDbContext(options, publisher, outboxSignal, writeGate, provider);
