using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;
using Handoff.Domain.Privacy;

namespace Handoff.Bot.Endpoints.Management;

/// <summary>Turns a use case's refusal into RFC 7807 problem details with the matching status.</summary>
public static class ManagementResults
{
    public static IResult From<T>(Result<T> result, Func<T, IResult>? success = null) =>
        result.IsSuccess ? (success ?? (v => TypedResults.Ok(v)))(result.Value) : Problem(result.Error);

    public static IResult From(Result result) => result.IsSuccess ? TypedResults.NoContent() : Problem(result.Error);

    public static IResult Problem(Error error)
    {
        var status = error.Code.EndsWith(".not_found", StringComparison.Ordinal) ? StatusCodes.Status404NotFound
            : error == LanguageModelErrors.BuiltInCannotBeDeleted || error == ErasureRules.StillActive ? StatusCodes.Status409Conflict
            : StatusCodes.Status400BadRequest;
        return new RenderedProblem(error, status);
    }

    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} has this id.");

    public static string Actor(this HttpContext context) => context.User.Identity?.Name ?? "unknown";
}

/// <summary>A refusal as problem details, its title the catalogue's words for the code (read when the response is written).</summary>
internal sealed class RenderedProblem(Error error, int status) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var settings = await httpContext.RequestServices.GetRequiredService<IHandoffSettings>().GetAsync(httpContext.RequestAborted);
        var title = settings.Handoff.Messages.Render(error);
        await TypedResults.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = error.Code }).ExecuteAsync(httpContext);
    }
}
