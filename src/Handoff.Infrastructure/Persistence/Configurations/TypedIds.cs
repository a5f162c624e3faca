using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Handoff.Infrastructure.Persistence.Configurations;

/// <summary>Typed ids are stored as their Guid.</summary>
internal static class TypedIds
{
    public static readonly ValueConverter<ConversationId, Guid> Conversation = new(id => id.Value, value => new ConversationId(value));

    public static readonly ValueConverter<AgentId, Guid> Agent = new(id => id.Value, value => new AgentId(value));

    public static readonly ValueConverter<LanguageModelId, Guid> LanguageModel = new(id => id.Value, value => new LanguageModelId(value));
}
