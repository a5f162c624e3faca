using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Common.Messaging;

/// <summary>
/// Teams channel mode (ADR-037): one thread per waiting user in the agent channel, written through the outbox. The
/// thread is created by the first message (<see cref="OutboundMessage.CreateThreadInChannel"/>, keyed by the thread
/// key); every later message to it is addressed to a placeholder conversation that names that key, so they share its
/// ordering and wait for it, and the dispatcher sends them to the id Teams answered.
/// </summary>
public sealed class AgentThreads(IOutbox outbox)
{
    private const string PlaceholderPrefix = "handoff-thread:";

    private const string OneToOnePrefix = "handoff-1to1:";

    /// <summary>
    /// The key starts like the waiting cards' keys (<see cref="Notifier.WaitingCardKeyPrefix"/>), so the thread's opening
    /// card becomes "taken by ..." or "left the queue" with the agents' cards, by the same code.
    /// </summary>
    public static string Key(Conversation conversation) =>
        $"{Notifier.WaitingCardKeyPrefix(conversation.Id)}thread:{(conversation.RequestedAt ?? conversation.CreatedAt).UtcTicks}";

    public static ChannelAddress Address(AgentChannelTarget target, string threadKey) =>
        new("msteams", PlaceholderPrefix + threadKey, target.ChannelId, target.ServiceUrl, target.BotId, target.TenantId);

    /// <summary>The thread key a placeholder conversation id names.</summary>
    public static bool TryReadPlaceholder(string conversationId, out string threadKey)
    {
        threadKey = conversationId.StartsWith(PlaceholderPrefix, StringComparison.Ordinal) ? conversationId[PlaceholderPrefix.Length..] : string.Empty;
        return threadKey.Length > 0;
    }

    /// <summary>A Teams member's 1:1 chat with the bot, before it exists: the sender creates it (<see cref="IsOneToOnePlaceholder"/>).</summary>
    public static string OneToOnePlaceholder(string memberId) => OneToOnePrefix + memberId;

    public static bool IsOneToOnePlaceholder(string conversationId) => conversationId.StartsWith(OneToOnePrefix, StringComparison.Ordinal);

    /// <summary>The handoff conversation a thread key belongs to.</summary>
    public static ConversationId? ConversationOf(string threadKey)
    {
        var parts = threadKey.Split(':');
        return parts.Length >= 2 && parts[0] == "waiting" && Guid.TryParseExact(parts[1], "N", out var id) ? new ConversationId(id) : null;
    }

    /// <summary>Opens the user's thread with the waiting-user card and its Connect button, in the channel's <paramref name="messages"/> (the default words).</summary>
    public void Open(Conversation conversation, AgentChannelTarget target, DateTimeOffset now, HandoffMessages messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var key = Key(conversation);
        conversation.OpenAgentThread(key);
        var card = HandoffCards.WaitingUser(conversation.Id.Value, conversation.ShortId, conversation.UserName, conversation.Reason, now - (conversation.RequestedAt ?? now), messages);
        outbox.Enqueue(new OutboundMessage(Address(target, key), MessageText.Fill(messages.WaitingCardSummary, ("user", conversation.UserName)), [OutboundAttachment.AdaptiveCard(card)],
            CorrelationKey: key, CreateThreadInChannel: target.ChannelId));
    }

    /// <summary>Posts in the conversation's thread, if it has one (the address is the one the thread was opened with).</summary>
    public async Task PostAsync(Conversation conversation, string? text, IReadOnlyList<OutboundAttachment> attachments, CancellationToken cancellationToken, ChannelAddress? notifyOnFailure = null)
    {
        if (conversation.AgentThreadKey is not { } key || await outbox.FindAddressAsync(key, cancellationToken) is not { } thread)
        {
            return;
        }

        outbox.Enqueue(new OutboundMessage(thread, text, attachments, NotifyOnFailure: notifyOnFailure));
    }
}
