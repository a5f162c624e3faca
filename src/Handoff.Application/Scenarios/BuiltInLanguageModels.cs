using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Scenarios;

/// <summary>The language models seeded on first start. Agent commands are anchored (the whole message is the command) so an agent's sentence to a user is relayed, not obeyed.</summary>
public static class BuiltInLanguageModels
{
    public sealed record Definition(string Name, Audience Audience, string[] Patterns, string ScenarioId);

    public static readonly IReadOnlyList<Definition> All =
    [
        new("Agent login", Audience.Any, [@"^\s*login\s*$"], ScenarioIds.AgentLogin),
        new("Agent logout", Audience.Agent, [@"^\s*logout\s*$"], ScenarioIds.AgentLogout),
        new("Agent list", Audience.Agent, [@"^\s*list\s*$"], ScenarioIds.AgentList),
        new("Agent connect", Audience.Agent, [@"^\s*connect(\s+[0-9a-f-]{1,36})?\s*$"], ScenarioIds.AgentConnect),
        new("Agent disconnect", Audience.Agent, [@"^\s*disconnect\s*$"], ScenarioIds.AgentDisconnect),
        new("Agent meeting", Audience.Agent, [@"^\s*meeting\s*$"], ScenarioIds.AgentMeeting),
        new("Agent status", Audience.Agent, [@"^\s*status(\s+\w+)?\s*$"], ScenarioIds.AgentStatus),
        new("Agent options", Audience.Agent, [@"^\s*options\s*$"], ScenarioIds.AgentOptions),
        new("Agent help", Audience.Agent, [@"^\s*help\s*$"], ScenarioIds.AgentHelp),
        new("Agent who am I", Audience.Agent, [@"^\s*who\s?am\s?i\??\s*$"], ScenarioIds.AgentWhoAmI),
        new("Talk to a person", Audience.EndUser, [@"agent|human|representative|talk to a (person|human)"], ScenarioIds.Handoff),
        new("Leave the queue", Audience.EndUser, [@"^\s*(cancel|leave( the)? queue|stop waiting)\s*$"], ScenarioIds.HandoffCancel),
        new("End chat", Audience.EndUser, [@"^\s*(end chat|end conversation|bye agent)\s*$"], ScenarioIds.EndChat),
        new("Help", Audience.EndUser, [@"^\s*help\s*$"], ScenarioIds.Help),
        new("Greeting", Audience.EndUser, [@"^\s*(hi|hello|hey|good (morning|afternoon|evening))\b"], ScenarioIds.Greeting),
    ];
}
