using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>
/// Sqlite's write gate commits the saves that queued behind a write together (ADR-045): each in a savepoint of its own
/// inside one transaction, each caller answered only once that transaction committed. Every test queues its saves
/// behind an exclusive turn it holds, so the group is known without timing: a save queues synchronously when it is
/// called while the gate is taken.
/// </summary>
[Trait(TestDatabase.Trait, "Sqlite")]
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly List<AsyncServiceScope> _scopes = [];
    private HandoffHarness _harness = null!;

    public async ValueTask InitializeAsync() => _harness = await HandoffHarness.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task SavesQueuedBehindAWrite_AreCommittedInOneTransaction()
    {
        var (first, second, third) = (NewContext(), NewContext(), NewContext());
        var before = _harness.Logs.Lines.Count;

        var saves = await WhileGateIsTakenAsync(() => [Save(first, "a"), Save(second, "b"), Save(third, "c")]);
        await Task.WhenAll(saves);

        (await StoredAsync()).ShouldBe(["a", "b", "c"]);
        Transactions(before, "Began transaction").ShouldBe(1);
        Transactions(before, "Committed transaction").ShouldBe(1);
        foreach (var context in new[] { first, second, third })
        {
            context.ChangeTracker.Entries().ShouldAllBe(e => e.State == EntityState.Unchanged);
        }
    }

    [Fact]
    public async Task OneSaveOfAGroup_Failing_FailsAlone_AndTheOthersCommit()
    {
        await SaveAloneAsync("taken");
        var (first, second, third) = (NewContext(), NewContext(), NewContext());

        var saves = await WhileGateIsTakenAsync(() => [Save(first, "a"), Save(second, "taken"), Save(third, "c")]);

        await saves[0];
        await Should.ThrowAsync<DbUpdateException>(saves[1]);
        await saves[2];
        (await StoredAsync()).ShouldBe(["a", "c", "taken"]);

        // The failed save's context is usable again, on a connection of its own: it can read, and save again.
        second.ChangeTracker.Clear();
        (await second.ProcessedActivities.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(3);
        await Save(second, "b");
        (await StoredAsync()).ShouldBe(["a", "b", "c", "taken"]);
    }

    [Fact]
    public async Task AFailedCommit_FailsEverySaveOfTheGroup_AndStoresNoneOfThem()
    {
        var (first, second, third) = (NewContext(), NewContext(), NewContext());

        // The first save's step makes foreign keys deferred and adds a transcript entry of no conversation: every
        // statement succeeds, and the transaction's commit is refused.
        first.EnlistInNextSave(
            async (context, cancellationToken) =>
            {
                await context.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = ON", cancellationToken);
                await context.Database.ExecuteSqlRawAsync(
                    """INSERT INTO "TranscriptEntries" ("ConversationId", "Sender", "SenderName", "Text", "At") VALUES ('no such conversation', 'User', 'x', 'x', 0)""",
                    cancellationToken);
            },
            () => { });

        var saves = await WhileGateIsTakenAsync(() => [Save(first, "a"), Save(second, "b"), Save(third, "c")]);

        foreach (var save in saves)
        {
            (await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(save)).Message.ShouldContain("FOREIGN KEY");
        }

        (await StoredAsync()).ShouldBeEmpty();
        (await _harness.ReadAsync(db => db.TranscriptEntries.CountAsync())).ShouldBe(0);
        foreach (var context in new[] { second, third })
        {
            // Not accepted: the changes are still there to retry or discard.
            context.ChangeTracker.Entries<ProcessedActivity>().ShouldHaveSingleItem().State.ShouldBe(EntityState.Added);
        }

        await SaveAloneAsync("after");
        (await StoredAsync()).ShouldBe(["after"]);
    }

    [Fact]
    public async Task ASaveCancelledWhileItWaits_IsTakenOutOfTheQueue_AndNotWritten()
    {
        var (first, second, third) = (NewContext(), NewContext(), NewContext());
        using var cancel = new CancellationTokenSource();

        var saves = await WhileGateIsTakenAsync(
            () => [Save(first, "a"), SaveUntil(cancel.Token, second, "b"), Save(third, "c")],
            thenWhileTheyWait: cancel.Cancel);

        await Should.ThrowAsync<OperationCanceledException>(saves[1]);
        await saves[0];
        await saves[2];
        (await StoredAsync()).ShouldBe(["a", "c"]);
    }

    [Fact]
    public async Task AnExclusiveTurnQueuedBetweenSaves_WritesAlone_BetweenTheGroupsBeforeAndAfterIt()
    {
        var (first, second, third) = (NewContext(), NewContext(), NewContext());
        var gate = _harness.Services.GetRequiredService<IDatabaseWriteGate>();
        Task<IDisposable>? exclusive = null;
        var before = _harness.Logs.Lines.Count;

        var saves = await WhileGateIsTakenAsync(() =>
        {
            var before = Save(first, "a");
            exclusive = gate.EnterAsync(CancellationToken.None);
            return [before, Save(second, "b"), Save(third, "c")];
        });

        await saves[0];
        using (await exclusive!)
        {
            // The save before the exclusive turn is stored; the two after it wait for it.
            (await StoredAsync()).ShouldBe(["a"]);
            saves[1].IsCompleted.ShouldBeFalse();
        }

        await Task.WhenAll(saves);
        (await StoredAsync()).ShouldBe(["a", "b", "c"]);
        Transactions(before, "Committed transaction").ShouldBe(2);
    }

    private HandoffDbContext NewContext()
    {
        var scope = _harness.Services.CreateAsyncScope();
        _scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
    }

    private static Task Save(HandoffDbContext context, string activityId) => SaveUntil(TestContext.Current.CancellationToken, context, activityId);

    private static Task SaveUntil(CancellationToken cancellationToken, HandoffDbContext context, string activityId)
    {
        context.ProcessedActivities.Add(new ProcessedActivity { ChannelId = "group-commit", ActivityId = activityId, ProcessedAt = DateTimeOffset.UnixEpoch });
        return context.SaveChangesAsync(cancellationToken);
    }

    private async Task SaveAloneAsync(string activityId)
    {
        await using var scope = _harness.Services.CreateAsyncScope();
        await Save(scope.ServiceProvider.GetRequiredService<HandoffDbContext>(), activityId);
    }

    /// <summary>
    /// Starts the saves while this test holds the write turn, so all of them queue; runs <paramref name="thenWhileTheyWait"/>;
    /// then hands the turn on.
    /// </summary>
    private async Task<Task[]> WhileGateIsTakenAsync(Func<Task[]> start, Action? thenWhileTheyWait = null)
    {
        var gate = _harness.Services.GetRequiredService<IDatabaseWriteGate>();
        Task[] saves;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            saves = start();
            saves.ShouldAllBe(s => !s.IsCompleted);
            thenWhileTheyWait?.Invoke();
        }

        return saves;
    }

    private Task<List<string>> StoredAsync() =>
        _harness.ReadAsync(db => db.ProcessedActivities.Where(p => p.ChannelId == "group-commit").OrderBy(p => p.ActivityId).Select(p => p.ActivityId).ToListAsync());

    /// <summary>EF Core's transaction events logged since line <paramref name="since"/> of this harness (no background loop runs in it).</summary>
    private int Transactions(int since, string began) =>
        _harness.Logs.Lines.Skip(since).Count(l => l.Contains(DbLoggerCategory.Database.Transaction.Name + ": " + began, StringComparison.Ordinal));
}
