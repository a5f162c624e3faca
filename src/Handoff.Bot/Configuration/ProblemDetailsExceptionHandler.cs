using Handoff.Application.Common.Exceptions;
using Microsoft.AspNetCore.Diagnostics;

namespace Handoff.Bot.Configuration;

/// <summary>
/// Client errors never become 500: invalid input is 400 with each bad field, malformed JSON 400, oversized bodies 413.
/// Nor does a database that is away: a transient database failure (no connection, the server shutting down, a
/// timeout) is 503 with <c>Retry-After</c>, so clients and the Bot Connector send again once it is back.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public const string DatabaseUnavailableTitle = "The database is unavailable, please retry.";

    public const string DatabaseRetryAfterSeconds = "5";

    /// <summary>A transient failure of the database (<see cref="DatabaseFailures"/>): 503 with Retry-After.</summary>
    public static bool IsDatabaseUnavailable(Exception exception) => DatabaseFailures.IsUnavailable(exception);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, errors) = exception switch
        {
            ValidationException validation => (StatusCodes.Status400BadRequest, "One or more fields are invalid.", validation.Errors),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", null),
            BadHttpRequestException bad => (bad.StatusCode, "The request is malformed.", null),
            System.Text.Json.JsonException => (StatusCodes.Status400BadRequest, "The request body is not valid JSON.", null),
            // Nothing was saved: the sender may simply send the same activity again (it is de-duplicated by id).
            ConcurrencyConflictException => (StatusCodes.Status503ServiceUnavailable, "Busy, please retry.", null),
            _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, DatabaseUnavailableTitle, null),
            _ => (0, string.Empty, null),
        };
        if (status == 0)
        {
            return false;
        }

        if (title == DatabaseUnavailableTitle)
        {
            // A warning per refused request (not per loop tick): the outage itself is logged once by the loops.
            logger.LogWarning("{Method} {Path} answered 503: the database is unavailable ({Reason}).", httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // A database restart takes seconds; a lost race is over at once.
            httpContext.Response.Headers.RetryAfter = title == DatabaseUnavailableTitle ? DatabaseRetryAfterSeconds : "1";
        }

        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
