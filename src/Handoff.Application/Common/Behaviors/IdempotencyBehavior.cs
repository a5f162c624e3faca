using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Common;

namespace Handoff.Application.Common.Behaviors;

/// <summary>
/// Channels redeliver activities; an activity already processed has no effect. The marker is saved in the same
/// transaction as the use case's changes, so a failed attempt can be redelivered and processed.
/// </summary>
public sealed class IdempotencyBehavior<TMessage, TResponse>(IProcessedActivities processed, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public static readonly Error Duplicate = new("activity.duplicate");

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IIdempotentCommand { ActivityId: { Length: > 0 } activityId } command)
        {
            return await next(message, cancellationToken);
        }

        if (await processed.ContainsAsync(command.ChannelId, activityId, cancellationToken))
        {
            if (Result.Failure(Duplicate) is TResponse duplicate)
            {
                return duplicate;
            }

            throw new InvalidOperationException($"{typeof(TMessage).Name} must return Result to be idempotent.");
        }

        processed.Add(command.ChannelId, activityId, clock.GetUtcNow());
        return await next(message, cancellationToken);
    }
}
