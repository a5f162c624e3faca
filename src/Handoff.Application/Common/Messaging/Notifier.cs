using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Common.Messaging;

/// <summary>
/// Says things through the outbox. What the bot tells an end user is also written to their transcript, so the agent
/// who connects later sees the whole story.
/// </summary>
public sealed class Notifier(IOutbox outbox, ITranscriptRepository transcripts)
{
    public void ToUser(Conversation conversation, string text, DateTimeOffset now)
    {
        outbox.Enqueue(OutboundMessage.PlainText(conversation.Address, text));
        transcripts.Add(conversation.RecordBotMessage(text, now));
    }

    public void CardToUser(Conversation conversation, string cardJson, string transcriptText, DateTimeOffset now)
    {
        outbox.Enqueue(OutboundMessage.Card(conversation.Address, cardJson));
        transcripts.Add(conversation.RecordBotMessage(transcriptText, now));
    }

    public void ToAgent(Agent agent, string text)
    {
        if (agent.Address is { } address)
        {
            outbox.Enqueue(OutboundMessage.PlainText(address, text));
        }
    }

    public void CardToAgent(Agent agent, string cardJson, string? summary = null, string? correlationKey = null)
    {
        if (agent.Address is { } address)
        {
            outbox.Enqueue(OutboundMessage.Card(address, cardJson, summary, correlationKey));
        }
    }

    /// <summary>
    /// The "user is waiting" card with its Connect button, to one agent: when the user asks, when an agent logs in, and
    /// when an agent has room again. Keyed so that it can later be replaced ("taken by ...", "left the queue").
    /// </summary>
    /// <param name="messages">The words in the agent's locale.</param>
    /// <param name="summary">The text with the card; by default <see cref="HandoffMessages.WaitingCardSummary"/> (channel mode says the user also has a thread).</param>
    public void WaitingUserCardToAgent(Agent agent, Conversation conversation, DateTimeOffset now, HandoffMessages messages, string? summary = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var card = HandoffCards.WaitingUser(conversation.Id.Value, conversation.ShortId, conversation.UserName, conversation.Reason, now - (conversation.RequestedAt ?? now), messages);
        CardToAgent(agent, card, summary ?? MessageText.Fill(messages.WaitingCardSummary, ("user", conversation.UserName)), WaitingCardKey(conversation.Id, agent.Id, now));
    }

    public void ToAddress(ChannelAddress address, string text) => outbox.Enqueue(OutboundMessage.PlainText(address, text));

    public void Send(OutboundMessage message) => outbox.Enqueue(message);

    /// <summary>Tells the upstream bot that started a handoff (Bot Framework <c>handoff.initiate</c>) how it is going.</summary>
    public void HandoffStatus(Conversation conversation, string state, string? message = null)
    {
        if (conversation.Source != HandoffSource.UpstreamBot)
        {
            return;
        }

        var value = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?> { ["state"] = state, ["message"] = message });
        outbox.Enqueue(new OutboundMessage(conversation.Address, null, [], EventName: "handoff.status", EventValueJson: value));
    }

    /// <summary>Replaces the waiting-user cards every notified agent got with <paramref name="cardJson"/>.</summary>
    public async Task ReplaceWaitingCardsAsync(Conversation conversation, string cardJson, CancellationToken cancellationToken)
    {
        foreach (var key in await outbox.FindCorrelationKeysAsync(WaitingCardKeyPrefix(conversation.Id), cancellationToken))
        {
            var agentAddress = await outbox.FindAddressAsync(key, cancellationToken);
            if (agentAddress is not null)
            {
                outbox.Enqueue(new OutboundMessage(agentAddress, null, [OutboundAttachment.AdaptiveCard(cardJson)], ReplacesCorrelationKey: key));
            }
        }
    }

    public static string WaitingCardKeyPrefix(ConversationId id) => $"waiting:{id.Value:N}:";

    public static string WaitingCardKey(ConversationId id, AgentId agentId, DateTimeOffset requestedAt) =>
        $"{WaitingCardKeyPrefix(id)}{agentId.Value:N}:{requestedAt.UtcTicks}";
}
