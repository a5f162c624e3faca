using Handoff.Domain.LanguageModels;

namespace Handoff.Application.LanguageModels;

/// <summary>A language model as the management API shows it.</summary>
public sealed record LanguageModelDto(
    Guid Id, string Name, string Method, Audience Audience, IReadOnlyList<string> Patterns, string ScenarioId,
    string? ReplyText, bool Enabled, bool BuiltIn, int Order, DateTimeOffset UpdatedAt)
{
    public static LanguageModelDto From(LanguageModel model) => new(
        model.Id.Value, model.Name, LanguageModel.MethodRegex, model.Audience, model.Patterns, model.ScenarioId,
        model.ReplyText, model.Enabled, model.BuiltIn, model.Order, model.UpdatedAt);
}
