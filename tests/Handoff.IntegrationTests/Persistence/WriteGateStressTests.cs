using System.Collections.Concurrent;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>
/// Many writers at once through Sqlite's write gate, mixing what the product does: plain saves (committed in groups),
/// saves that fail on a unique key, saves cancelled while they wait, exclusive turns, and write transactions holding
/// several statements and a save (ADR-045, ADR-047). Every writer must finish, and exactly what was acknowledged must be
/// stored. Before ADR-047 a transaction that began before taking the turn held Sqlite's write lock while it waited for
/// the turn, and the writer holding the turn waited for the lock: this test then failed with "database is locked"
/// after Sqlite's busy timeout, or ran into its bound.
/// </summary>
[Trait(TestDatabase.Trait, "Sqlite")]
public sealed class WriteGateStressTests : IAsyncLifetime
{
    private const int Writers = 16;
    private const int WritesPerWriter = 60;

    private readonly ConcurrentBag<string> _acknowledged = [];
    private HandoffHarness _harness = null!;

    public async ValueTask InitializeAsync() => _harness = await HandoffHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ManyWritersOfEveryKind_AllFinish_AndExactlyTheAcknowledgedAreStored()
    {
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), TestContext.Current.CancellationToken));

        // A bound, not a measurement: a deadlocked gate fails this test instead of hanging the run.
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        var stored = await _harness.ReadAsync(db => db.ProcessedActivities.Where(p => p.ChannelId == "stress").Select(p => p.ActivityId).ToListAsync());
        stored.Order(StringComparer.Ordinal).ShouldBe(_acknowledged.Order(StringComparer.Ordinal));
        stored.Count(id => id == "duplicate").ShouldBe(1);
    }

    private async Task WriteAsync(int writer)
    {
        var random = new Random(writer);
        var gate = _harness.Services.GetRequiredService<IDatabaseWriteGate>();
        for (var i = 0; i < WritesPerWriter; i++)
        {
            await using var scope = _harness.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
            var id = $"{writer}-{i}";
            switch (random.Next(10))
            {
                case 0:
                    using (await gate.EnterAsync(CancellationToken.None))
                    {
                        await db.ProcessedActivities.Where(p => p.ActivityId == "none").ExecuteDeleteAsync(CancellationToken.None);
                    }

                    break;
                case 1:
                    using (var cancel = new CancellationTokenSource())
                    {
                        var save = Save(db, id, cancel.Token);
                        if (random.Next(2) == 0)
                        {
                            await Task.Yield();
                        }

                        await cancel.CancelAsync();
                        try
                        {
                            // Cancelled while it waited (not stored), or already taken into a group (stored).
                            await save;
                            _acknowledged.Add(id);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    }

                    break;
                case 2:
                    try
                    {
                        await Save(db, "duplicate", CancellationToken.None);
                        _acknowledged.Add("duplicate");
                    }
                    catch (DbUpdateException)
                    {
                        // Another writer stored it first.
                    }

                    break;
                case 3:
                    await using (var transaction = await db.BeginWriteTransactionAsync(CancellationToken.None))
                    {
                        await db.ProcessedActivities.Where(p => p.ActivityId == "none").ExecuteDeleteAsync(CancellationToken.None);
                        await Save(db, id, CancellationToken.None);
                        await transaction.CommitAsync(CancellationToken.None);
                    }

                    _acknowledged.Add(id);
                    break;
                default:
                    await Save(db, id, CancellationToken.None);
                    _acknowledged.Add(id);
                    await Save(db, id + "-again", CancellationToken.None);
                    _acknowledged.Add(id + "-again");
                    break;
            }
        }
    }

    private static Task Save(HandoffDbContext context, string activityId, CancellationToken cancellationToken)
    {
        context.ProcessedActivities.Add(new ProcessedActivity { ChannelId = "stress", ActivityId = activityId, ProcessedAt = DateTimeOffset.UnixEpoch });
        return context.SaveChangesAsync(cancellationToken);
    }
}
