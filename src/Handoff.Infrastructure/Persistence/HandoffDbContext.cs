using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;
using Handoff.Infrastructure.Outbox;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// The one database: aggregates, transcripts, audit, the outbox and processed activity ids. Saving publishes the domain
/// events first (their handlers only add rows, e.g. audit records), then commits everything in one transaction.
/// </summary>
/// <remarks>
/// Not sealed because EF Core keys a migration set by the context type: each provider other than Sqlite derives its own
/// context (e.g. <see cref="Postgres.PostgresHandoffDbContext"/>) so its migrations live beside Sqlite's, while the rest of
/// the code asks for <see cref="HandoffDbContext"/> only (ADR-038).
/// </remarks>
public class HandoffDbContext : DbContext, IUnitOfWork
{
    private readonly IPublisher _publisher;
    private readonly OutboxSignal _outboxSignal;
    private readonly IDatabaseWriteGate _writeGate;
    private readonly IPersistenceProvider _provider;

    public HandoffDbContext(DbContextOptions<HandoffDbContext> options, IPublisher publisher, OutboxSignal outboxSignal, IDatabaseWriteGate writeGate, IPersistenceProvider provider)
        : this((DbContextOptions)options, publisher, outboxSignal, writeGate, provider)
    {
    }

    /// <summary>For a provider's derived context, whose options are typed by that context.</summary>
    protected HandoffDbContext(DbContextOptions options, IPublisher publisher, OutboxSignal outboxSignal, IDatabaseWriteGate writeGate, IPersistenceProvider provider)
        : base(options)
    {
        _publisher = publisher;
        _outboxSignal = outboxSignal;
        _writeGate = writeGate;
        _provider = provider;
    }

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<LanguageModel> LanguageModels => Set<LanguageModel>();

    public DbSet<TranscriptEntry> TranscriptEntries => Set<TranscriptEntry>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedActivity> ProcessedActivities => Set<ProcessedActivity>();

    public DbSet<SettingsOverride> SettingsOverrides => Set<SettingsOverride>();

    public DbSet<TeamInstallation> TeamInstallations => Set<TeamInstallation>();

    public DbSet<Cluster.Lease> Leases => Set<Cluster.Lease>();

    public DbSet<Secrets.StoredSecret> GeneratedSecrets => Set<Secrets.StoredSecret>();

    async Task IUnitOfWork.SaveChangesAsync(CancellationToken cancellationToken)
    {
        await PublishDomainEventsAsync(cancellationToken);
        var addedOutbox = Tracked<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.OrderingKey).ToList();
        try
        {
            await SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException("Another writer changed the same data first.", ex);
        }
        catch (DbUpdateException ex) when (_provider.IsUniqueViolation(ex))
        {
            // A unique key (e.g. the same inbound activity processed concurrently) lost the race: same meaning.
            throw new ConcurrencyConflictException("A concurrent writer inserted the same key first.", ex);
        }

        foreach (var entry in Tracked<AggregateRoot>())
        {
            entry.Entity.AcceptChanges();
        }

        if (addedOutbox.Count > 0)
        {
            // Wake the dispatcher now rather than at its next poll.
            _outboxSignal.Notify(addedOutbox);
        }
    }

    void IUnitOfWork.DiscardChanges() => ChangeTracker.Clear();

    /// <summary>
    /// Every save is written by the provider's write gate (<see cref="IDatabaseWriteGate.SaveAsync"/>; Sqlite: one
    /// writer at a time, saves queued behind it committed together, ADR-045), and returns once it committed. Steps
    /// enlisted with <see cref="EnlistInNextSave"/> run first, in the save's own transaction (ADR-041); the changes are
    /// accepted only after the commit, so a failed commit leaves them as they were.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var written = await _writeGate.SaveAsync(this, cancellationToken);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }

        var committed = _enlisted.ToList();
        _enlisted.Clear();
        foreach (var step in committed)
        {
            step.AfterCommit();
        }

        return written;
    }

    /// <summary>Whether the next save carries steps enlisted with <see cref="EnlistInNextSave"/> (they need a transaction of their own).</summary>
    internal bool HasEnlistedSteps => _enlisted.Count > 0;

    /// <summary>
    /// The save itself, for the write gate, inside the transaction the gate chose (or EF Core's own): the enlisted
    /// steps, then the tracked changes, not yet accepted.
    /// </summary>
    internal async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        foreach (var step in _enlisted)
        {
            await step.InTransaction(this, cancellationToken);
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
    }

    /// <summary>
    /// EF Core logs a lost connection, a failed command, a failed query read and a failed save as errors itself, every
    /// time, before throwing them to the caller, who decides: a request answers 503 (ProblemDetailsExceptionHandler), a
    /// background loop logs its outage once (<see cref="DatabaseOutageLog"/>), a lost race is retried. At error level
    /// those events would make a database outage one error per command for as long as it lasts; at debug they are
    /// still there for whoever looks. A failed command that is not an outage is logged as an error, with its SQL, by
    /// <see cref="DatabaseFailureLog"/>.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        optionsBuilder.AddInterceptors(DatabaseFailureLog.Instance);
        optionsBuilder.ConfigureWarnings(warnings => warnings.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.ConnectionError, Microsoft.Extensions.Logging.LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, Microsoft.Extensions.Logging.LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.QueryIterationFailed, Microsoft.Extensions.Logging.LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, Microsoft.Extensions.Logging.LogLevel.Debug)));
    }

    /// <summary>
    /// This database's write turn, for a write that does not go through <see cref="SaveChangesAsync(bool, CancellationToken)"/>
    /// (a bulk <c>ExecuteUpdate</c>) on the message path, where waiting in Sqlite's busy handler would block a thread.
    /// </summary>
    internal Task<IDisposable> EnterWriteTurnAsync(CancellationToken cancellationToken) => _writeGate.EnterAsync(cancellationToken);

    /// <summary>
    /// A transaction of this context's own, for writes that must commit together but are not one save (bulk deletes
    /// with their audit record, a sequence number with its row). It takes the write turn before it begins, and saves
    /// inside it write at once (ADR-047). The one way to open a transaction on this context: one begun with
    /// <c>Database.BeginTransactionAsync</c> would hold Sqlite's write lock without the turn.
    /// </summary>
    internal async Task<WriteTransaction> BeginWriteTransactionAsync(CancellationToken cancellationToken)
    {
        var turn = await _writeGate.EnterAsync(cancellationToken);
        try
        {
            return new WriteTransaction(turn, await Database.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="inTransaction"/> inside the next save's transaction, after its write turn is taken and before
    /// the tracked changes are written, then <paramref name="afterCommit"/> once it committed. Used by the Direct Line
    /// echo (<c>DirectLineStore.Stage</c>): the user's activity takes its sequence number and is inserted in the same
    /// transaction as what the bot did with it. A step survives a failed or discarded save (a conflict retry runs it
    /// again in the next save), so it must undo what an earlier run of it left tracked.
    /// </summary>
    internal void EnlistInNextSave(Func<HandoffDbContext, CancellationToken, Task> inTransaction, Action afterCommit) =>
        _enlisted.Add(new EnlistedStep(inTransaction, afterCommit));

    private readonly List<EnlistedStep> _enlisted = [];

    private sealed record EnlistedStep(Func<HandoffDbContext, CancellationToken, Task> InTransaction, Action AfterCommit);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HandoffDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Sqlite cannot order or compare DateTimeOffset natively; store UTC ticks so queue order and time filters run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }

    /// <summary>
    /// The tracked entries of <typeparamref name="T"/> as they stand, without EF Core's change detection: these lists
    /// need only what is tracked (aggregates, added rows), and detecting changes over every tracked entity each time was
    /// a visible share of a message's cost (issue 11). The save itself still detects changes once.
    /// </summary>
    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T>> Tracked<T>()
        where T : class
    {
        var detecting = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. ChangeTracker.Entries<T>()];
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private async Task PublishDomainEventsAsync(CancellationToken cancellationToken)
    {
        // Handlers may change aggregates that raise further events; loop until everything is published.
        while (true)
        {
            var aggregates = Tracked<AggregateRoot>().Select(e => e.Entity).Where(a => a.DomainEvents.Count > 0).ToList();
            if (aggregates.Count == 0)
            {
                return;
            }

            var events = aggregates.SelectMany(a => a.DomainEvents).ToList();
            aggregates.ForEach(a => a.ClearDomainEvents());
            foreach (var domainEvent in events)
            {
                await _publisher.Publish(domainEvent, cancellationToken);
            }
        }
    }
}
