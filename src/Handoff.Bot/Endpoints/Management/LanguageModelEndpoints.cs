using Handoff.Application.LanguageModels.CreateLanguageModel;
using Handoff.Application.LanguageModels.DeleteLanguageModel;
using Handoff.Application.LanguageModels.GetLanguageModel;
using Handoff.Application.LanguageModels.ListLanguageModels;
using Handoff.Application.LanguageModels.TestUtterance;
using Handoff.Application.LanguageModels.UpdateLanguageModel;
using Handoff.Application.Management.ListScenarios;
using Handoff.Domain.LanguageModels;
using Mediator;

namespace Handoff.Bot.Endpoints.Management;

/// <summary>Language models (CRUD and trying an utterance) and the scenarios they map to.</summary>
public static class LanguageModelEndpoints
{
    public static RouteGroupBuilder MapLanguageModelEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/scenarios", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListScenariosQuery(), cancellationToken)))
            .WithName("ListScenarios")
            .WithSummary("The built-in scenarios a language model can map to, and how to name a custom text-reply scenario.");

        group.MapGet("/language-models", async (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListLanguageModelsQuery(), cancellationToken)))
            .WithName("ListLanguageModels")
            .WithSummary("Every language model, in matching order.");

        group.MapPost("/language-models", async (LanguageModelRequest request, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(
                    await sender.Send(new CreateLanguageModelCommand(
                        request.Name ?? string.Empty, request.Method ?? LanguageModel.MethodRegex, request.Audience ?? Audience.Any,
                        request.Patterns ?? [], request.ScenarioId ?? string.Empty, request.ReplyText, request.Enabled ?? true, context.Actor()), cancellationToken),
                    created => TypedResults.Created($"/api/management/language-models/{created.Id}", created)))
            .WithName("CreateLanguageModel")
            .WithSummary("Adds a RegEx language model. Patterns must compile; they are matched case-insensitively with a timeout.")
            .ProducesValidationProblem();

        group.MapPost("/language-models/test", async (TestUtteranceRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new TestUtteranceQuery(request.Utterance ?? string.Empty, request.Audience ?? Audience.EndUser), cancellationToken)))
            .WithName("TestUtterance")
            .WithSummary("Every enabled model's confidence for an utterance of the given audience, and the scenario that would win.")
            .ProducesValidationProblem();

        group.MapGet("/language-models/{id:guid}", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
                id == Guid.Empty
                    ? ManagementResults.NotFound("language model")
                    : ManagementResults.From(await sender.Send(new GetLanguageModelQuery(new LanguageModelId(id)), cancellationToken)))
            .WithName("GetLanguageModel");

        group.MapPut("/language-models/{id:guid}", async (Guid id, LanguageModelRequest request, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                id == Guid.Empty
                    ? ManagementResults.NotFound("language model")
                    : ManagementResults.From(await sender.Send(new UpdateLanguageModelCommand(
                        new LanguageModelId(id), request.Name ?? string.Empty, request.Method ?? LanguageModel.MethodRegex, request.Audience ?? Audience.Any,
                        request.Patterns ?? [], request.ScenarioId ?? string.Empty, request.ReplyText, request.Enabled ?? true, context.Actor()), cancellationToken)))
            .WithName("UpdateLanguageModel")
            .WithSummary("Replaces a language model's fields. Built-in models can be remapped or disabled too.")
            .ProducesValidationProblem();

        group.MapDelete("/language-models/{id:guid}", async (Guid id, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                id == Guid.Empty
                    ? ManagementResults.NotFound("language model")
                    : ManagementResults.From(await sender.Send(new DeleteLanguageModelCommand(new LanguageModelId(id), context.Actor()), cancellationToken)))
            .WithName("DeleteLanguageModel")
            .WithSummary("Deletes a custom language model; built-in ones answer 409 (disable or remap them instead).");
        return group;
    }
}

/// <summary>A language model as an administrator writes it. Method defaults to RegEx, audience to Any, enabled to true.</summary>
public sealed record LanguageModelRequest(
    string? Name, string? Method, Audience? Audience, List<string>? Patterns, string? ScenarioId, string? ReplyText, bool? Enabled);

/// <summary>An utterance to try, as said by an end user (default) or an agent.</summary>
public sealed record TestUtteranceRequest(string? Utterance, Audience? Audience);
