using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.RecordAgentThread;
using Handoff.Application.Conversations.ReportFailedDelivery;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Observability;
using Handoff.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Outbox;

/// <summary>
/// Delivers committed outbox messages through the sender of their channel: in order per conversation, retried with
/// exponential backoff and jitter (honouring Retry-After), dead-lettered after the attempt limit with the original
/// sender told "not delivered". A recipient who blocked the bot is signed out as an agent.
/// </summary>
/// <remarks>
/// Isolation (ADR-017): a pass picks the head rows of conversations that are due now and not already in flight (the
/// oldest-waiting first), claims each conversation and delivers it as its own task, up to
/// <see cref="OutboxOptions.ConversationsInParallel"/> at once. Nothing waits for a whole pass, every send has a
/// timeout, a conversation that keeps failing is not due until its backoff ends, and a conversation with a long
/// backlog goes to the back of the line after <see cref="OutboxOptions.MessagesPerTurn"/> messages.
/// </remarks>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    ChannelSenders senders,
    IOutboxConversationClaims claims,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private readonly OutboxOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.ConversationsInParallel));
    private readonly ConcurrentDictionary<string, Task<int>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// One pass that waits for what it started: delivers what is due now and returns how many messages were attempted.
    /// For tests and tools that want "everything due is done"; the hosted loop uses <see cref="StartDueAsync"/>.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var started = await StartDueAsync(cancellationToken);
        var attempted = await Task.WhenAll(started);
        return attempted.Sum();
    }

    /// <summary>
    /// Starts a delivery task for each due conversation that is not in flight, as many as there are free slots, and
    /// returns without waiting for them. Each task delivers its conversation in order and then releases its claim.
    /// </summary>
    public async Task<IReadOnlyList<Task<int>>> StartDueAsync(CancellationToken cancellationToken)
    {
        var free = _slots.CurrentCount;
        if (free == 0)
        {
            return [];
        }

        var due = await PickDueConversationsAsync(free, cancellationToken);
        var started = new List<Task<int>>(due.Count);
        foreach (var orderingKey in due)
        {
            if (!_slots.Wait(0, CancellationToken.None))
            {
                break;
            }

            IOutboxClaim? claim;
            try
            {
                claim = await claims.TryClaimAsync(orderingKey, cancellationToken);
            }
            catch
            {
                _slots.Release();
                throw;
            }

            if (claim is null)
            {
                // Claimed since the pick (by a turn of this instance that just ended, or by another instance).
                _slots.Release();
                continue;
            }

            // Registered before it runs: a turn that ends at once must not stay listed as in flight (IsInFlight).
            var turn = new Task<Task<int>>(() => RunTurnAsync(orderingKey, claim, cancellationToken));
            var delivering = turn.Unwrap();
            _inFlight[orderingKey] = delivering;
            turn.Start(TaskScheduler.Default);
            started.Add(delivering);
        }

        return started;
    }

    /// <summary>Whether a turn of this instance is delivering <paramref name="orderingKey"/> now; its end wakes the loop again.</summary>
    public bool IsInFlight(string orderingKey) => _inFlight.ContainsKey(orderingKey);

    /// <summary>Completes when every delivery started so far has ended (used at shutdown, after the stop cancelled them).</summary>
    public Task WhenInFlightEndedAsync() => Task.WhenAll(_inFlight.Values);

    /// <summary>
    /// The conversations whose first undelivered row is due now, oldest-waiting first, skipping those in flight. Only
    /// the first pending row of a conversation counts: the rows behind it wait for it (order is kept), so a
    /// conversation whose head is backing off is not due at all, however many rows it has.
    /// </summary>
    private async Task<List<string>> PickDueConversationsAsync(int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var inFlight = (await claims.ClaimedAsync(cancellationToken)).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeliveredAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now)
            .Where(m => !inFlight.Contains(m.OrderingKey))
            .Where(m => !db.OutboxMessages.Any(earlier =>
                earlier.OrderingKey == m.OrderingKey && earlier.DeliveredAt == null && earlier.DeadLetteredAt == null && earlier.Id < m.Id))
            .OrderBy(m => m.NextAttemptAt)
            .ThenBy(m => m.Id)
            .Take(max)
            .Select(m => m.OrderingKey)
            .ToListAsync(cancellationToken);
    }

    private async Task<int> RunTurnAsync(string orderingKey, IOutboxClaim claim, CancellationToken cancellationToken)
    {
        var ended = false;
        try
        {
            // A claim lost to another instance stops this turn: from then on the other instance delivers the conversation.
            using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lost);
            var attempted = await DeliverTurnAsync(orderingKey, turn.Token);
            ended = true;
            return attempted;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the row being sent stays pending and is sent again after the restart, with the same activity id.
            return 0;
        }
        catch (OperationCanceledException) when (claim.Lost.IsCancellationRequested)
        {
            // The row being sent stays pending; its new holder sends it again with the same activity id.
            logger.LogWarning("Delivering outbox conversation {OrderingKey} stopped: its claim was lost to another instance.", orderingKey);
            return 0;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivering outbox conversation {OrderingKey} failed; it will be tried again.", orderingKey);
            return 0;
        }
        finally
        {
            _inFlight.TryRemove(orderingKey, out _);
            await claim.DisposeAsync();
            _slots.Release();
            if (ended)
            {
                // A slot is free: let the loop pick the next conversation now rather than at the next poll. Not after
                // an error, which would turn a broken database into a busy loop.
                signal.Notify();
            }
        }
    }

    /// <summary>
    /// Delivers up to one turn of a conversation's messages strictly in order; stops at the first one that must wait.
    /// A turn that used its whole share moves the conversation to the back of the due line. Deliveries to a channel in
    /// this database (<see cref="IStagedChannelSender"/>) are staged and written by one save with their outcomes
    /// (ADR-042); any other send first saves what was staged before it, so the order holds across both kinds.
    /// </summary>
    private async Task<int> DeliverTurnAsync(string orderingKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var rows = await db.OutboxMessages
            .Where(m => m.OrderingKey == orderingKey && m.DeliveredAt == null && m.DeadLetteredAt == null)
            .OrderBy(m => m.Id)
            .Take(Math.Max(1, _options.MessagesPerTurn))
            .ToListAsync(cancellationToken);
        var attempted = 0;
        var staged = new List<StagedDelivery>();
        var stopped = false;
        foreach (var row in rows)
        {
            if (row.NextAttemptAt > clock.GetUtcNow())
            {
                stopped = true;
                break;
            }

            attempted++;
            // Every attempt carries the row's activity id, so a receiver can drop a resend of something it already has.
            var message = JsonSerializer.Deserialize<OutboundMessage>(row.PayloadJson, EfOutbox.Json)! with { ActivityId = row.ActivityId };
            if (TryStage(scope.ServiceProvider, row, message) is { } delivery)
            {
                staged.Add(delivery);
                continue;
            }

            await SaveStagedAsync(db, staged, cancellationToken);
            var delivered = await DeliverAsync(db, row, message, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (delivered && row.ChannelConversationId is { } created && row.CorrelationKey is { } createdKey)
            {
                await RecordCreatedThreadAsync(createdKey, created, cancellationToken);
            }

            if (!delivered && row.IsPending)
            {
                // Later messages of this conversation wait for this one: order is kept.
                stopped = true;
                break;
            }
        }

        await SaveStagedAsync(db, staged, cancellationToken);
        if (!stopped && rows.Count == _options.MessagesPerTurn)
        {
            await MoveToBackOfLineAsync(db, orderingKey, cancellationToken);
        }

        return attempted;
    }

    /// <summary>A delivery enlisted in the next save (<see cref="IStagedChannelSender"/>); its outcome is known once that save ran.</summary>
    private sealed class StagedDelivery(OutboxMessage row, OutboundMessage message, Activity? span)
    {
        public OutboxMessage Row { get; } = row;

        public OutboundMessage Message { get; } = message;

        public Activity? Span { get; } = span;

        public DeliveryResult? Result { get; set; }
    }

    /// <summary>Stages <paramref name="row"/> when its channel is written in this database and nothing else must happen first; null otherwise.</summary>
    private StagedDelivery? TryStage(IServiceProvider services, OutboxMessage row, OutboundMessage message)
    {
        if (message.ReplacesCorrelationKey is not null || message.CreateThreadInChannel is not null
            || AgentThreads.TryReadPlaceholder(message.To.ConversationId, out _)
            || senders.For(message.To) is not IStagedChannelSender sender)
        {
            return null;
        }

        row.Attempts++;
        // The span covers the wait for the save that delivers it; it is not made the ambient one meanwhile.
        var ambient = Activity.Current;
        var delivery = new StagedDelivery(row, message, OutboxTelemetry.StartDelivery(row, message));
        Activity.Current = ambient;
        sender.Stage(services, message, result =>
        {
            // Inside the save, before the tracked changes are written: the outcome is part of the same commit.
            delivery.Result = result;
            Record(row, result, clock.GetUtcNow());
        });
        return delivery;
    }

    /// <summary>Writes what was staged (one save, one write turn), then reports each outcome as a send would have.</summary>
    private async Task SaveStagedAsync(HandoffDbContext db, List<StagedDelivery> staged, CancellationToken cancellationToken)
    {
        if (staged.Count == 0)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var delivery in staged)
            {
                var ambient = Activity.Current;
                Activity.Current = delivery.Span;
                if (delivery.Result is { Status: DeliveryStatus.Delivered })
                {
                    OutboxTelemetry.Delivered(delivery.Row, clock.GetUtcNow());
                }
                else if (delivery.Result is { } failed)
                {
                    await ReportDeadLetteredAsync(delivery.Row, delivery.Message, failed, cancellationToken);
                }

                delivery.Span?.Dispose();
                Activity.Current = ambient;
            }
        }
        finally
        {
            staged.Clear();
        }
    }

    /// <summary>What a final outcome writes on its row (a transient one is the send path's: it backs off).</summary>
    private static void Record(OutboxMessage row, DeliveryResult result, DateTimeOffset now)
    {
        if (result.Status == DeliveryStatus.Delivered)
        {
            row.DeliveredAt = now;
            row.ChannelActivityId = result.ActivityId;
            row.ChannelConversationId = result.ConversationId;
            row.LastError = null;
        }
        else
        {
            row.DeadLetteredAt = now;
            row.LastError = Truncate(result.Error);
        }
    }

    /// <summary>
    /// Makes the conversation's next row due just after "now", behind everyone who has waited until now: the pick takes the
    /// oldest-waiting first, so a backlog of thousands alternates with other conversations instead of shutting them out.
    /// </summary>
    private async Task MoveToBackOfLineAsync(HandoffDbContext db, string orderingKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var next = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.OrderingKey == orderingKey && m.DeliveredAt == null && m.DeadLetteredAt == null)
            .OrderBy(m => m.Id)
            .Select(m => (long?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is { } id)
        {
            using var turn = await db.EnterWriteTurnAsync(cancellationToken);
            await db.OutboxMessages
                .Where(m => m.Id == id && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now + TimeSpan.FromTicks(1)), cancellationToken);
        }
    }

    private async Task<bool> DeliverAsync(HandoffDbContext db, OutboxMessage row, OutboundMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        row.Attempts++;
        using var activity = OutboxTelemetry.StartDelivery(row, message);

        string? replaces = null;
        if (message.ReplacesCorrelationKey is { } key)
        {
            replaces = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.CorrelationKey == key && m.DeliveredAt != null)
                .Select(m => m.ChannelActivityId)
                .FirstOrDefaultAsync(cancellationToken);
            if (replaces is null)
            {
                // The message to replace was never delivered (or its channel cannot update): nothing to change.
                row.DeliveredAt = now;
                return true;
            }
        }

        if (AgentThreads.TryReadPlaceholder(message.To.ConversationId, out var threadKey) && message.CreateThreadInChannel is null)
        {
            // A message to a Teams channel thread (ADR-037): it waited behind the thread's creation; it goes to the id Teams answered.
            var threadId = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.CorrelationKey == threadKey && m.ChannelConversationId != null)
                .Select(m => m.ChannelConversationId)
                .FirstOrDefaultAsync(cancellationToken);
            if (threadId is null)
            {
                // The thread was never created (its creation was dead-lettered): there is nowhere to write this.
                row.DeadLetteredAt = now;
                row.LastError = "The agent channel thread was never created.";
                return false;
            }

            message = message with { To = message.To with { ConversationId = threadId } };
        }

        var sender = senders.For(message.To);
        DeliveryResult result;
        using var sendTimeout = new CancellationTokenSource(_options.SendTimeout, clock);
        using var send = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, sendTimeout.Token);
        try
        {
            result = sender is null
                ? DeliveryResult.Permanent($"No sender is configured for channel '{ChannelSenders.KeyOf(message.To)}'.")
                : await sender.SendAsync(message, replaces, send.Token);
        }
        catch (OperationCanceledException) when (sendTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The send may still arrive; the retry carries the same activity id.
            result = DeliveryResult.Transient($"The send did not answer within {_options.SendTimeout}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        switch (result.Status)
        {
            case DeliveryStatus.Delivered:
                Record(row, result, now);
                OutboxTelemetry.Delivered(row, now);
                return true;

            case DeliveryStatus.Transient when row.Attempts < _options.MaxAttempts:
                row.LastError = Truncate(result.Error);
                row.NextAttemptAt = now + RetryDelay(row.Attempts, result.RetryAfter);
                OutboxTelemetry.Retried(row, result);
                logger.LogInformation("Delivery of outbox message {Id} to {Channel} failed (attempt {Attempt}), retrying at {Next}: {Error}", row.Id, row.ChannelId, row.Attempts, row.NextAttemptAt, result.Error);
                return false;

            default:
                await DeadLetterAsync(db, row, message, result, now, cancellationToken);
                return false;
        }
    }

    /// <summary>
    /// Records the fact (the row is dead-lettered) and reports it; what follows — audit, "not delivered", signing out
    /// a blocked agent — is the <see cref="ReportFailedDeliveryCommand"/> use case, in a scope of its own so that its
    /// conflict retries never discard this conversation's delivery rows.
    /// </summary>
    private async Task DeadLetterAsync(HandoffDbContext db, OutboxMessage row, OutboundMessage message, DeliveryResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Record(row, result, now);
        await db.SaveChangesAsync(cancellationToken);
        await ReportDeadLetteredAsync(row, message, result, cancellationToken);
    }

    /// <summary>A row committed as dead-lettered, sent or staged alike: measured, logged, and reported to the sender.</summary>
    private async Task ReportDeadLetteredAsync(OutboxMessage row, OutboundMessage message, DeliveryResult result, CancellationToken cancellationToken)
    {
        OutboxTelemetry.DeadLettered(row, result);
        logger.LogWarning("Outbox message {Id} to {Channel} conversation {Conversation} was not delivered after {Attempts} attempt(s): {Status} {Error}", row.Id, row.ChannelId, message.To.ConversationId, row.Attempts, result.Status, result.Error);
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReportFailedDeliveryCommand(message, result.Status, result.Error), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Every retry of the conflict policy lost; the row stays dead-lettered and the failure is in the log above.
            logger.LogWarning("The failed delivery of outbox message {Id} could not be reported: its agent kept changing.", row.Id);
        }
    }

    /// <summary>
    /// A Teams channel thread exists now: its id is kept on the handoff before this conversation's next message is
    /// sent, so anything after it in the thread is known to be about that user. A failure here is logged, not retried:
    /// the thread's messages still reach it (they read the id from the outbox row).
    /// </summary>
    private async Task RecordCreatedThreadAsync(string threadKey, string threadId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RecordAgentThreadCommand(threadKey, threadId), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            logger.LogWarning("The id of the agent channel thread {ThreadKey} could not be recorded: its conversation kept changing.", threadKey);
        }
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } after && after > TimeSpan.Zero)
        {
            return after < _options.MaxRetryAfter ? after : _options.MaxRetryAfter;
        }

        var exponential = _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    private static string? Truncate(string? error) => error is { Length: > 2000 } ? error[..2000] : error;
}
