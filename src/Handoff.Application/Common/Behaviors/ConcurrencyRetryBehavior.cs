using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace Handoff.Application.Common.Behaviors;

/// <summary>
/// The one conflict policy: a <see cref="IRetryOnConflict"/> command that lost a race (e.g. the user and the agent
/// writing to the same live conversation at the same instant, two agents claiming one user) is decided again on fresh
/// data instead of failing: nothing was saved, so re-running it is safe, and the idempotency marker inside keeps a
/// redelivery from running it twice. When every attempt lost, the conflict propagates (inbound HTTP answers 503 with
/// Retry-After), unless the handler answered on the last attempt (<see cref="ConflictAttempt"/>).
/// </summary>
public sealed class ConcurrencyRetryBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork, ConflictAttempt attempt, ILogger<ConcurrencyRetryBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    /// <summary>A conflict means someone else's write won (progress was made), so deciding again converges; the bound only guards against a pathological storm.</summary>
    public const int Attempts = 40;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IRetryOnConflict)
        {
            return await next(message, cancellationToken);
        }

        for (var number = 1; ; number++)
        {
            attempt.IsLast = number == Attempts;
            try
            {
                return await next(message, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (number < Attempts)
            {
                logger.LogDebug("{UseCase} lost a concurrent write (attempt {Attempt}); deciding again.", typeof(TMessage).Name, number);
                unitOfWork.DiscardChanges();
                await ConflictBackoff.DelayAsync(number, cancellationToken);
            }
            finally
            {
                attempt.IsLast = false;
            }
        }
    }
}
