using System.Diagnostics;
using Handoff.Application.Common.Exceptions;
using Handoff.Domain.Common;
using Microsoft.Extensions.Logging;

namespace Handoff.Application.Common.Behaviors;

/// <summary>Logs each use case: its name, outcome (refusal code) and duration. Message contents are not logged: they may hold personal data or secrets.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            if (response is Result { IsFailure: true } refused)
            {
                logger.LogInformation("{UseCase} refused: {Code} ({ElapsedMs:0.0} ms)", typeof(TMessage).Name, refused.Error.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                logger.LogDebug("{UseCase} done ({ElapsedMs:0.0} ms)", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && DatabaseFailures.IsUnavailable(ex))
        {
            // An outage, not a bug: the caller answers 503 and is retried, and the loops report it once per outage.
            logger.LogWarning(ex, "{UseCase} failed: the database is unavailable ({ElapsedMs:0.0} ms)", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{UseCase} failed ({ElapsedMs:0.0} ms)", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
