namespace Handoff.Domain.LanguageModels;

/// <summary>The scenario an utterance was recognized as, with the model that won and its confidence.</summary>
public sealed record ScenarioMatch(string ScenarioId, double Confidence, LanguageModel Model);
