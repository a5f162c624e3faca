using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Handoff.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Sqlite has one writer at a time, and a commit costs about as much as the writes it carries. Writers queue here, in
/// arrival order, instead of meeting in Sqlite's busy handler (which sleeps up to 100 ms a try); and the saves that
/// queued while one was writing are <b>committed together</b> (ADR-045): the next save to write takes every save queued
/// behind it, runs each on its own connection's place in one transaction, each inside a savepoint of its own, and
/// commits once. Each save's caller still awaits its own commit before it answers, so nothing is acknowledged that is
/// not stored.
/// </summary>
/// <remarks>
/// <para>
/// A save that fails inside a group (a concurrency conflict, a unique key) is rolled back to its savepoint and fails
/// alone; the others commit. A failed commit fails every save of the group. A save that is cancelled while it waits is
/// taken out of the queue; once its group has started it runs to the end, like a commit that cannot be half done.
/// </para>
/// <para>
/// An exclusive turn (<see cref="EnterAsync"/>: a bulk update, a transaction someone opened themselves) waits in the
/// same queue and writes alone. Process-local (the single-process adapter of <see cref="IDatabaseWriteGate"/>): several
/// server processes on one file still meet at Sqlite's busy timeout.
/// </para>
/// </remarks>
public sealed class SqliteWriteGate : IDatabaseWriteGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Turn> _queue = [];
    private bool _writing;

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var turn = new Turn(save: null);
        await WaitForTurnAsync(turn, cancellationToken);
        return new Release(this);
    }

    public async Task<int> SaveAsync(HandoffDbContext context, CancellationToken cancellationToken)
    {
        if (context.Database.CurrentTransaction is not null)
        {
            // A write transaction (HandoffDbContext.BeginWriteTransactionAsync): it holds the turn, and this save is
            // part of it. Waiting for the turn here would wait for itself.
            return await context.WriteAsync(cancellationToken);
        }

        if (context.Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
        {
            // Someone opened this context's connection themselves: it is theirs, so this save writes on it, alone.
            using (await EnterAsync(cancellationToken))
            {
                return await context.WriteAsync(cancellationToken);
            }
        }

        var turn = new Turn(new PendingSave(context, Activity.Current));
        if (!await WaitForTurnAsync(turn, cancellationToken))
        {
            // This save leads a group: itself and every save queued behind it, up to the next exclusive turn.
            var group = TakeGroup(turn);
            try
            {
                await WriteGroupAsync(group);
            }
            finally
            {
                HandOn();
            }
        }

        // Led, or taken into another save's group: either way its outcome is known now.
        return await turn.Save!.Done.Task;
    }

    /// <summary>
    /// Queues <paramref name="turn"/> and waits: false when it is this turn's to write, true when a leading save took
    /// it into its group and wrote it.
    /// </summary>
    private async Task<bool> WaitForTurnAsync(Turn turn, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_writing)
            {
                _writing = true;
                return false;
            }

            turn.Node = _queue.AddLast(turn);
        }

        using (cancellationToken.Register(() => Cancel(turn, cancellationToken)))
        {
            return await turn.Signal.Task;
        }
    }

    private void Cancel(Turn turn, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (turn.Node is null)
            {
                return; // already given its turn or taken into a group: it runs to the end
            }

            _queue.Remove(turn.Node);
            turn.Node = null;
        }

        turn.Signal.TrySetCanceled(cancellationToken);
    }

    private List<Turn> TakeGroup(Turn leader)
    {
        var group = new List<Turn> { leader };
        lock (_lock)
        {
            while (_queue.First is { Value.Save: not null } node)
            {
                _queue.RemoveFirst();
                node.Value.Node = null;
                group.Add(node.Value);
            }
        }

        return group;
    }

    /// <summary>The turn passes to the next in the queue (a save, which leads the next group, or an exclusive turn), or the gate is free.</summary>
    private void HandOn()
    {
        Turn? next;
        lock (_lock)
        {
            next = _queue.First?.Value;
            if (next is null)
            {
                _writing = false;
                return;
            }

            _queue.RemoveFirst();
            next.Node = null;
        }

        next.Signal.TrySetResult(false);
    }

    private static async Task WriteGroupAsync(List<Turn> group)
    {
        var saves = group.Select(t => t.Save!).ToList();
        var outcomes = new Outcome[saves.Count];
        try
        {
            await using (var transaction = await saves[0].Context.Database.BeginTransactionAsync(CancellationToken.None))
            {
                var shared = transaction.GetDbTransaction();
                for (var i = 0; i < saves.Count; i++)
                {
                    outcomes[i] = await WriteMemberAsync(saves[i], shared, inGroup: saves.Count > 1, isLeader: i == 0);
                }

                await transaction.CommitAsync(CancellationToken.None);
            }

            for (var i = 0; i < saves.Count; i++)
            {
                if (outcomes[i].Failure is { } failure)
                {
                    saves[i].Done.TrySetException(failure);
                }
                else
                {
                    saves[i].Done.TrySetResult(outcomes[i].Written);
                }
            }
        }
        catch (Exception ex)
        {
            // BEGIN, COMMIT or undoing one save failed: nothing of the group is stored.
            foreach (var save in saves)
            {
                save.Done.TrySetException(ex);
            }
        }

        foreach (var member in group.Skip(1))
        {
            member.Signal.TrySetResult(true);
        }
    }

    /// <summary>
    /// One save of the group, on the leader's connection and transaction, inside its own savepoint when the group has
    /// others: its failure is its own. Runs under the save's own trace span (it was captured when the save queued).
    /// </summary>
    private static async Task<Outcome> WriteMemberAsync(PendingSave member, DbTransaction shared, bool inGroup, bool isLeader)
    {
        Activity.Current = member.Activity;
        var database = member.Context.Database;
        var ownConnectionString = isLeader ? null : database.GetConnectionString();
        if (!isLeader)
        {
            database.SetDbConnection(shared.Connection, contextOwnsConnection: false);
            await database.UseTransactionAsync(shared, CancellationToken.None);
        }

        var savepoint = inGroup ? "save" : null;
        try
        {
            if (savepoint is not null)
            {
                await shared.SaveAsync(savepoint, CancellationToken.None);
            }

            database.AutoSavepointsEnabled = false;
            var written = await member.Context.WriteAsync(CancellationToken.None);
            if (savepoint is not null)
            {
                await shared.ReleaseAsync(savepoint, CancellationToken.None);
            }

            return new Outcome(written, null);
        }
        catch (Exception ex) when (savepoint is not null)
        {
            // This save alone is undone. Should undoing it fail too (the file itself failing), that fails the group.
            await shared.RollbackAsync(savepoint, CancellationToken.None);
            await shared.ReleaseAsync(savepoint, CancellationToken.None);
            return new Outcome(0, ex);
        }
        finally
        {
            database.AutoSavepointsEnabled = true;
            if (!isLeader)
            {
                await database.UseTransactionAsync(null, CancellationToken.None);
                await database.CloseConnectionAsync();
                database.SetDbConnection(new SqliteConnection(ownConnectionString), contextOwnsConnection: true);
            }
        }
    }

    private sealed class Turn(PendingSave? save)
    {
        public PendingSave? Save { get; } = save;

        /// <summary>true: taken into a group; false: this turn's to write.</summary>
        public TaskCompletionSource<bool> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its place in the queue while it waits; guarded by the gate's lock.</summary>
        public LinkedListNode<Turn>? Node { get; set; }
    }

    private sealed class PendingSave(HandoffDbContext context, Activity? activity)
    {
        public HandoffDbContext Context { get; } = context;

        public Activity? Activity { get; } = activity;

        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Release(SqliteWriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.HandOn();
            }
        }
    }

    private readonly record struct Outcome(int Written, Exception? Failure);
}
