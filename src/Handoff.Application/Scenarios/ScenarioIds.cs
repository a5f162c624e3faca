using Handoff.Application.Common.Commands;

namespace Handoff.Application.Scenarios;

/// <summary>
/// The scenarios a language model can map to (product §4): the built-in ones are the command catalogue's (each command
/// names its own scenario id next to its handler), and custom ones reply with the model's text.
/// </summary>
public static class ScenarioIds
{
    /// <summary>Custom scenarios reply with the model's configured text.</summary>
    public const string CustomPrefix = "custom/";

    public static IReadOnlyList<string> BuiltIn { get; } = [.. CommandCatalogue.BuiltIn.ScenarioIds];

    public static bool IsKnown(string scenarioId) =>
        BuiltIn.Contains(scenarioId) || scenarioId.StartsWith(CustomPrefix, StringComparison.Ordinal);
}
