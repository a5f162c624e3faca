using Handoff.Application.Common.Commands;
using Handoff.Application.Scenarios;

namespace Handoff.Application.Management.ListScenarios;

/// <summary>The scenarios a language model can map to: the built-in ones, and how to name a custom text-reply scenario.</summary>
public sealed record ListScenariosQuery : IQuery<ScenariosDto>;

public sealed record ScenariosDto(IReadOnlyList<ScenarioDto> BuiltIn, string CustomPrefix, string CustomDescription);

public sealed record ScenarioDto(string Id, string Description);

public sealed class ListScenariosQueryHandler(CommandCatalogue catalogue) : IQueryHandler<ListScenariosQuery, ScenariosDto>
{
    public ValueTask<ScenariosDto> Handle(ListScenariosQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ScenariosDto(
            [.. catalogue.Entries.Select(e => new ScenarioDto(e.ScenarioId, e.Description))],
            ScenarioIds.CustomPrefix,
            "A custom scenario ('custom/<name>') replies with the language model's reply text."));
}
