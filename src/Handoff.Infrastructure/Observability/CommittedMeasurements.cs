using System.Diagnostics;
using System.Runtime.CompilerServices;
using Handoff.Application.Common.Observability;
using Handoff.Domain.Conversations.Events;
using Handoff.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Handoff.Infrastructure.Observability;

/// <summary>
/// Records the handoff outcomes (time waited until connected, handoffs ended by reason) only once their save has
/// committed: domain events are published inside the save, and a save that loses a concurrency race is discarded and
/// retried, so recording at publish time would count the lost attempts too.
/// </summary>
public sealed class CommittedMeasurements(HandoffDbContext db) :
    INotificationHandler<AgentConnectedDomainEvent>,
    INotificationHandler<HandoffEndedDomainEvent>,
    INotificationHandler<HandoffTimedOutDomainEvent>,
    INotificationHandler<HandoffCancelledDomainEvent>
{
    private static readonly ConditionalWeakTable<DbContext, List<Action>> s_pending = [];

    public ValueTask Handle(AgentConnectedDomainEvent e, CancellationToken cancellationToken) =>
        AfterCommit(() => HandoffTelemetry.QueueWait.Record(e.Waited.TotalSeconds));

    public ValueTask Handle(HandoffEndedDomainEvent e, CancellationToken cancellationToken) =>
        AfterCommit(() => Ended(ReasonName(e.Reason.ToString())));

    public ValueTask Handle(HandoffTimedOutDomainEvent e, CancellationToken cancellationToken) =>
        AfterCommit(() => Ended("queue_timeout"));

    public ValueTask Handle(HandoffCancelledDomainEvent e, CancellationToken cancellationToken) =>
        AfterCommit(() => Ended("user_cancelled"));

    /// <summary><c>AgentDisconnected</c> → <c>agent_disconnected</c>: attribute values in the conventions' snake case.</summary>
    public static string ReasonName(string reason) =>
        string.Concat(reason.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    private static void Ended(string reason) =>
        HandoffTelemetry.HandoffsEnded.Add(1, new KeyValuePair<string, object?>(HandoffTelemetry.EndReasonAttribute, reason));

    private ValueTask AfterCommit(Action record)
    {
        var pending = s_pending.GetOrCreateValue(db);
        lock (pending)
        {
            pending.Add(record);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Makes each save a span (the last step of "request → command → save"), then runs what the committed save
    /// recorded, or forgets it when the save failed.
    /// </summary>
    public sealed class Interceptor : SaveChangesInterceptor
    {
        private static readonly ConditionalWeakTable<DbContext, Activity> s_saves = [];

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            StartSpan(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            StartSpan(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(SavedChanges(eventData, result));

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            EndSpan(eventData.Context, failed: null);
            foreach (var record in Take(eventData.Context))
            {
                record();
            }

            return result;
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            SaveChangesFailed(eventData);
            return Task.CompletedTask;
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData)
        {
            EndSpan(eventData.Context, eventData.Exception);
            _ = Take(eventData.Context);
        }

        private static void StartSpan(DbContext? context)
        {
            if (context is not null && HandoffTelemetry.Source.StartActivity("db save") is { } activity)
            {
                activity.SetTag("db.system.name", "sqlite");
                s_saves.AddOrUpdate(context, activity);
            }
        }

        private static void EndSpan(DbContext? context, Exception? failed)
        {
            if (context is not null && s_saves.TryGetValue(context, out var activity))
            {
                s_saves.Remove(context);
                if (failed is not null)
                {
                    activity.SetStatus(ActivityStatusCode.Error, failed.GetType().Name);
                }

                activity.Dispose();
            }
        }

        private static List<Action> Take(DbContext? context)
        {
            if (context is null || !s_pending.TryGetValue(context, out var pending))
            {
                return [];
            }

            lock (pending)
            {
                var taken = pending.ToList();
                pending.Clear();
                return taken;
            }
        }
    }
}
