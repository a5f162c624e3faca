using System.Text.Json;
using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.RelayMessage;

public enum RelayDirection
{
    UserToAgent,
    AgentToUser,
}

/// <summary>
/// A message in a live conversation: stored in the transcript and handed to the outbox in one save, then delivered to
/// the other side (agent messages appear as from the bot with the agent's name; user messages carry the user's name).
/// </summary>
public sealed record RelayMessageCommand(
    ConversationId ConversationId,
    RelayDirection Direction,
    string Text,
    IReadOnlyList<InboundAttachment> Attachments,
    string? ValueJson) : ICommand<Result>;

public sealed class RelayMessageCommandValidator : AbstractValidator<RelayMessageCommand>
{
    public RelayMessageCommandValidator()
    {
        RuleFor(c => c.Text).NotNull().MaximumLength(TranscriptEntry.MaxTextLength);
        RuleFor(c => c.Attachments).NotNull();
        RuleFor(c => c).Must(c => c.Text.Length > 0 || c.Attachments.Count > 0 || c.ValueJson is not null)
            .WithName("Message").WithMessage("A relayed message needs text, an attachment or a card submission.");
    }
}

public sealed class RelayMessageCommandHandler(
    IConversationRepository conversations,
    IAgentRepository agents,
    ITranscriptRepository transcripts,
    IHandoffSettings settings,
    Notifier notify,
    AgentThreads threads,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<RelayMessageCommand, Result>
{
    public async ValueTask<Result> Handle(RelayMessageCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");
        var agent = conversation.AgentId is { } agentId ? await agents.FindAsync(agentId, cancellationToken) : null;
        if (agent?.Address is null || conversation.State != ConversationState.Connected)
        {
            return ConversationErrors.NotConnected;
        }

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var reader = words.For(command.Direction == RelayDirection.UserToAgent ? agent.Locale : conversation.Locale);
        var text = command.ValueJson is null ? command.Text : MessageText.Fill(reader.RelayedSubmission, ("value", Compact(command.ValueJson)), ("text", command.Text)).Trim();
        var attachments = command.Attachments.Select(a => new OutboundAttachment(a.ContentType, a.ContentJson, a.ContentUrl, a.Name)).ToList();
        var attachmentsJson = attachments.Count == 0 ? null : JsonSerializer.Serialize(attachments);

        if (command.Direction == RelayDirection.UserToAgent)
        {
            transcripts.Add(conversation.RecordUserMessage(text, attachmentsJson, now));

            // The user's cards reach the agent as plain-text summaries, never as cards (UserCardSummary says why).
            var (files, cards) = UserCardSummary.Split(command.Attachments);
            var shown = string.Join(" ", new[] { text }.Concat(cards).Where(t => t.Length > 0));
            var forwarded = files.Select(a => new OutboundAttachment(a.ContentType, a.ContentJson, a.ContentUrl, a.Name)).ToList();
            if (conversation.HasLiveAgentThread)
            {
                // Channel mode (ADR-037): the user's messages appear in their thread; an agent serving from the thread
                // reads them there only, which keeps their 1:1 chat clear of every user's traffic.
                var inThread = shown.Length == 0 ? MessageText.Fill(words.RelayedAttachmentsOnly, ("user", conversation.UserName)) : $"**{conversation.UserName}:** {shown}";
                await threads.PostAsync(conversation, inThread, forwarded, cancellationToken, conversation.Address);
            }

            if (conversation.ServedInThread)
            {
                // Already shown in the thread the agent works from.
                await unitOfWork.SaveChangesAsync(cancellationToken);
                return Result.Success();
            }

            if (agent.ConnectedConversations.Count > 1)
            {
                // Serving several users, the agent sees whose message this is (name and short id) and can focus them with one press.
                var messages = reader;
                var named = $"{conversation.UserName} ({conversation.ShortId})";
                var relayedFromOneOfMany = shown.Length == 0 ? MessageText.Fill(messages.RelayedAttachmentsOnly, ("user", named)) : $"**{named}:** {shown}";
                notify.Send(new OutboundMessage(agent.Address, relayedFromOneOfMany, [.. forwarded, OutboundAttachment.AdaptiveCard(HandoffCards.FocusThisUser(conversation, messages))], NotifyOnFailure: conversation.Address));
            }
            else
            {
                var relayed = shown.Length == 0 ? MessageText.Fill(reader.RelayedAttachmentsOnly, ("user", conversation.UserName)) : $"**{conversation.UserName}:** {shown}";
                notify.Send(new OutboundMessage(agent.Address, relayed, forwarded, NotifyOnFailure: conversation.Address));
            }
        }
        else
        {
            transcripts.Add(conversation.RecordAgentMessage(agent.Id, text, attachmentsJson, now));

            // Channels show the bot as the sender, so the agent's name leads the text ("Alice: ..."); from.name carries it too.
            var relayed = text.Length == 0 ? null : $"**{agent.DisplayName}:** {text}";
            notify.Send(new OutboundMessage(conversation.Address, relayed, attachments, agent.DisplayName, NotifyOnFailure: agent.Address));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private static string Compact(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
