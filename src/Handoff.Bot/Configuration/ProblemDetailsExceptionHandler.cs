using Handoff.Application.Common.Exceptions;
using Microsoft.AspNetCore.Diagnostics;

namespace Handoff.Bot.Configuration;

/// <summary>Client errors never become 500: invalid input is 400 with each bad field, malformed JSON 400, oversized bodies 413.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
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
            _ => (0, string.Empty, null),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
