using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Agents;

/// <summary>Finds one of an agent's live conversations from what the agent typed or pressed: the full id, the short id, or the user's name.</summary>
public static class LiveConversations
{
    /// <summary>The one conversation <paramref name="reference"/> names among <paramref name="live"/>; null when none or several match (never a guess).</summary>
    public static Conversation? Resolve(IReadOnlyList<Conversation> live, string reference)
    {
        ArgumentNullException.ThrowIfNull(live);
        reference = reference.Trim();
        if (Guid.TryParse(reference, out var id))
        {
            return live.FirstOrDefault(c => c.Id.Value == id);
        }

        var byShortId = live.Where(c => c.ShortId.StartsWith(reference, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byShortId.Count > 0)
        {
            return byShortId.Count == 1 ? byShortId[0] : null;
        }

        var byName = live.Where(c => string.Equals(c.UserName, reference, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count == 1 ? byName[0] : null;
    }

    /// <summary>
    /// The live conversation a command without a reference acts on (<c>disconnect</c>, <c>meeting</c>, <c>transfer</c>):
    /// the agent's focus, or their only user. With several and none focused, <see cref="AgentErrors.ChooseFocus"/>.
    /// </summary>
    public static async Task<(Conversation? Conversation, Error? Refusal)> FocusedAsync(this IConversationRepository conversations, Agent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(agent);
        var recipient = agent.PlainTextRecipient();
        if (recipient.IsFailure)
        {
            return (null, recipient.Error);
        }

        var conversation = await conversations.FindAsync(recipient.Value, cancellationToken);
        return conversation is not null && conversation.IsConnectedTo(agent.Id) ? (conversation, null) : (null, AgentErrors.NotConnected);
    }

    /// <summary><see cref="Resolve"/> among the agent's live conversations, or their focus when <paramref name="reference"/> is empty.</summary>
    public static async Task<(Conversation? Conversation, Error? Refusal)> ChosenAsync(this IConversationRepository conversations, Agent agent, string? reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(agent);
        if (string.IsNullOrWhiteSpace(reference))
        {
            return await conversations.FocusedAsync(agent, cancellationToken);
        }

        var chosen = Resolve(await conversations.ListConnectedToAsync(agent.Id, cancellationToken), reference);
        return chosen is null ? (null, AgentErrors.NotServing) : (chosen, null);
    }
}
