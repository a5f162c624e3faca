using System.Text.Json;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
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
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    ChannelSenders senders,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private readonly OutboxOptions _options = options.Value;

    // One dispatch at a time per process: concurrent passes would deliver the same row twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Delivers everything due now; returns how many messages were attempted. Conversations are delivered side by side
    /// (each in order, in its own scope), so one slow or failing channel does not hold back everybody else.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            List<(long Id, string OrderingKey)> pending;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var rows = await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().OutboxMessages.AsNoTracking()
                    .Where(m => m.DeliveredAt == null && m.DeadLetteredAt == null)
                    .OrderBy(m => m.Id)
                    .Take(_options.BatchSize)
                    .Select(m => new { m.Id, m.OrderingKey })
                    .ToListAsync(cancellationToken);
                pending = rows.ConvertAll(r => (r.Id, r.OrderingKey));
            }

            var attempted = 0;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ConversationsInParallel, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(pending.GroupBy(m => m.OrderingKey), parallel, async (conversation, token) =>
                Interlocked.Add(ref attempted, await DeliverConversationAsync([.. conversation.Select(m => m.Id)], token)));
            return attempted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Delivers one conversation's due messages strictly in order; stops at the first one that must wait.</summary>
    private async Task<int> DeliverConversationAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var messages = await db.OutboxMessages.Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var attempted = 0;
        foreach (var message in messages)
        {
            if (message.NextAttemptAt > clock.GetUtcNow())
            {
                break;
            }

            attempted++;
            var delivered = await DeliverAsync(scope.ServiceProvider, db, message, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (!delivered && message.IsPending)
            {
                // Later messages of this conversation wait for this one: order is kept.
                break;
            }
        }

        return attempted;
    }

    private async Task<bool> DeliverAsync(IServiceProvider services, HandoffDbContext db, OutboxMessage row, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = JsonSerializer.Deserialize<OutboundMessage>(row.PayloadJson, EfOutbox.Json)!;
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

        var sender = senders.For(message.To);
        DeliveryResult result;
        try
        {
            result = sender is null
                ? DeliveryResult.Permanent($"No sender is configured for channel '{ChannelSenders.KeyOf(message.To)}'.")
                : await sender.SendAsync(message, replaces, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        switch (result.Status)
        {
            case DeliveryStatus.Delivered:
                row.DeliveredAt = now;
                row.ChannelActivityId = result.ActivityId;
                row.LastError = null;
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
        row.DeadLetteredAt = now;
        row.LastError = Truncate(result.Error);
        OutboxTelemetry.DeadLettered(row, result);
        logger.LogWarning("Outbox message {Id} to {Channel} conversation {Conversation} was not delivered after {Attempts} attempt(s): {Status} {Error}", row.Id, row.ChannelId, message.To.ConversationId, row.Attempts, result.Status, result.Error);
        await db.SaveChangesAsync(cancellationToken);

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
