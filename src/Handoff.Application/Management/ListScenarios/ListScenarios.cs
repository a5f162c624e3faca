using Handoff.Application.Scenarios;

namespace Handoff.Application.Management.ListScenarios;

/// <summary>The scenarios a language model can map to: the built-in ones, and how to name a custom text-reply scenario.</summary>
public sealed record ListScenariosQuery : IQuery<ScenariosDto>;

public sealed record ScenariosDto(IReadOnlyList<ScenarioDto> BuiltIn, string CustomPrefix, string CustomDescription);

public sealed record ScenarioDto(string Id, string Description);

public sealed class ListScenariosQueryHandler : IQueryHandler<ListScenariosQuery, ScenariosDto>
{
    private static readonly Dictionary<string, string> s_descriptions = new(StringComparer.Ordinal)
    {
        [ScenarioIds.AgentLogin] = "Agent: sign in as an agent (Available).",
        [ScenarioIds.AgentLogout] = "Agent: sign out.",
        [ScenarioIds.AgentList] = "Agent: list waiting and connected users.",
        [ScenarioIds.AgentConnect] = "Agent: connect to the longest-waiting user, or to a named one.",
        [ScenarioIds.AgentDisconnect] = "Agent: end the live conversation.",
        [ScenarioIds.AgentMeeting] = "Agent: create a Teams meeting and send the link to the user.",
        [ScenarioIds.AgentStatus] = "Agent: set presence (available/away).",
        [ScenarioIds.AgentOptions] = "Agent: show the options card.",
        [ScenarioIds.AgentHelp] = "Agent: list the agent commands.",
        [ScenarioIds.Handoff] = "End user: ask for a live agent (enter the queue).",
        [ScenarioIds.HandoffCancel] = "End user: leave the queue.",
        [ScenarioIds.EndChat] = "End user: end the live conversation.",
        [ScenarioIds.Help] = "End user: show help.",
        [ScenarioIds.Greeting] = "End user: greet the user.",
    };

    public ValueTask<ScenariosDto> Handle(ListScenariosQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ScenariosDto(
            [.. ScenarioIds.BuiltIn.Select(id => new ScenarioDto(id, s_descriptions.GetValueOrDefault(id, id)))],
            ScenarioIds.CustomPrefix,
            "A custom scenario ('custom/<name>') replies with the language model's reply text."));
}
