using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace Handoff.Application.Common.Behaviors;

/// <summary>
/// An inbound activity that lost a race (e.g. the user and the agent writing to the same live conversation at the same
/// instant) is decided again on fresh data instead of failing: nothing was saved, so re-running it is safe, and the
/// idempotency marker inside keeps a redelivery from running it twice.
/// </summary>
public sealed class ConcurrencyRetryBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork, ILogger<ConcurrencyRetryBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public const int Attempts = 20;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IIdempotentCommand)
        {
            return await next(message, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(message, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                logger.LogDebug("{UseCase} lost a concurrent write (attempt {Attempt}); deciding again.", typeof(TMessage).Name, attempt);
                unitOfWork.DiscardChanges();
                await ConflictBackoff.DelayAsync(attempt, cancellationToken);
            }
        }
    }
}
