using System.Reflection;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Common.Commands;

/// <summary>
/// Every command entry (see <see cref="CommandEntry"/>), in order. <see cref="BuiltIn"/> holds this assembly's; the
/// one registered in DI may add entries from other assemblies (<c>AddHandoffCommands</c>).
/// </summary>
public sealed class CommandCatalogue
{
    public CommandCatalogue(IEnumerable<CommandEntry> entries)
    {
        Entries = [.. entries.OrderBy(e => e.Order).ThenBy(e => e.ScenarioId, StringComparer.Ordinal)];
        var duplicate = Entries.GroupBy(e => e.ScenarioId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two commands claim the scenario '{duplicate.Key}'.");
        }
    }

    /// <summary>The commands of Handoff itself.</summary>
    public static CommandCatalogue BuiltIn { get; } = new(Discover(typeof(CommandCatalogue).Assembly));

    public IReadOnlyList<CommandEntry> Entries { get; }

    public IEnumerable<string> ScenarioIds => Entries.Select(e => e.ScenarioId);

    /// <summary>The language models seeded for these commands.</summary>
    public IEnumerable<(string Name, Audience Audience, IReadOnlyList<string> Patterns, string ScenarioId)> LanguageModels =>
        Entries.Select(e => (e.ModelName, e.Audience, e.Patterns, e.ScenarioId));

    /// <summary>Every public non-abstract <see cref="CommandEntry"/> of <paramref name="assembly"/>, created with its parameterless constructor.</summary>
    public static IEnumerable<CommandEntry> Discover(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(CommandEntry)))
            .Select(t => (CommandEntry)Activator.CreateInstance(t)!);

    public CommandEntry? ForAgent(string wordOrScenario) =>
        Entries.FirstOrDefault(e => e.IsForAgents && (e.Word == wordOrScenario || e.ScenarioId == wordOrScenario));

    public CommandEntry? ForAgentScenario(string scenarioId) => Entries.FirstOrDefault(e => e.IsForAgents && e.ScenarioId == scenarioId);

    public CommandEntry? ForEndUser(string wordOrScenario) =>
        Entries.FirstOrDefault(e => e.IsForEndUsers && (e.Word == wordOrScenario || e.ScenarioId == wordOrScenario));

    public CommandEntry? ForEndUserScenario(string scenarioId) => Entries.FirstOrDefault(e => e.IsForEndUsers && e.ScenarioId == scenarioId);

    /// <summary>
    /// The end-user help text: <see cref="HandoffMessages.Help"/> with {commands} filled by every end-user command's help
    /// line, in order (by default the text is just those lines).
    /// </summary>
    public string UserHelp(HandoffMessages messages) =>
        MessageText.Fill(messages.Help, ("commands", string.Join(" ", Entries.Where(e => e.Audience == Audience.EndUser && e.HelpLine is not null).Select(e => e.HelpLine!(messages)))));

    /// <summary>The agent help text: every agent command's help line, in order.</summary>
    public string AgentHelp(HandoffMessages messages) =>
        messages.AgentHelpIntro + "\n\n" +
        string.Join("\n", Entries.Where(e => e.IsForAgents && e.HelpLine is not null).Select(e => "- " + e.HelpLine!(messages))) +
        "\n\n" + messages.AgentHelpOutro;
}
