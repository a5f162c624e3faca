using System.Globalization;
using System.Text.Json;
using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.RequestHandoff;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.InitiateHandoff;

/// <summary>One message of the transcript an upstream bot hands over.</summary>
/// <param name="FromBot">Said by the bot (otherwise by the user).</param>
/// <param name="SenderName">The name on the original message, if any.</param>
/// <param name="Text">What was said.</param>
/// <param name="At">When it was said; now when the transcript does not say.</param>
public sealed record ImportedMessage(bool FromBot, string? SenderName, string Text, DateTimeOffset? At);

/// <summary>
/// The Bot Framework handoff protocol: an upstream bot sends <c>handoff.initiate</c> for its user's conversation. The
/// conversation (found or started at that address) gets the handed-over transcript, then joins the queue with the
/// reason and priority of the event's <c>value</c>; the upstream bot hears <c>handoff.status</c> as it progresses.
/// </summary>
public sealed record InitiateHandoffCommand(
    ChannelAddress Address,
    Sender From,
    string? ValueJson,
    IReadOnlyList<ImportedMessage> Transcript,
    string? ActivityId) : ICommand<Result>, IIdempotentCommand, IRetryOnConflict
{
    public const int MaxTranscriptMessages = 500;

    public string ChannelId => Address.ChannelId;
}

public sealed class InitiateHandoffCommandValidator : AbstractValidator<InitiateHandoffCommand>
{
    public InitiateHandoffCommandValidator()
    {
        RuleFor(c => c.Address.ChannelId).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Address.ConversationId).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.From.Id).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.ValueJson).MaximumLength(TranscriptEntry.MaxTextLength);
        RuleFor(c => c.Transcript).NotNull().Must(t => t.Count <= InitiateHandoffCommand.MaxTranscriptMessages)
            .WithMessage($"A handed-over transcript may hold at most {InitiateHandoffCommand.MaxTranscriptMessages} messages.");
        RuleFor(c => c.ActivityId).MaximumLength(ChannelAddress.MaxIdLength);
    }
}

public sealed class InitiateHandoffCommandHandler(
    IConversationRepository conversations,
    ITranscriptRepository transcripts,
    IServiceProvider services,
    IHandoffSettings settings,
    TimeProvider clock) : ICommandHandler<InitiateHandoffCommand, Result>
{

    public async ValueTask<Result> Handle(InitiateHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var conversation = await conversations.FindByAddressAsync(command.Address.ChannelId, command.Address.ConversationId, cancellationToken);
        if (conversation is null)
        {
            conversation = Conversation.Start(ConversationId.New(), command.Address, command.From.Name, now);
            conversations.Add(conversation);
        }
        else
        {
            conversation.UpdateAddress(command.Address, command.From.Name);
        }

        // A conversation already waiting or connected keeps its story; the request below tells the upstream bot "failed".
        if (conversation.State == ConversationState.Bot)
        {
            foreach (var message in command.Transcript)
            {
                var text = message.Text.Length > TranscriptEntry.MaxTextLength ? message.Text[..TranscriptEntry.MaxTextLength] : message.Text;
                var senderKind = message.FromBot ? TranscriptSender.Bot : TranscriptSender.User;
                transcripts.Add(conversation.ImportTranscriptEntry(senderKind, message.SenderName, text, message.At ?? now));
            }
        }

        // The reason is stored with the conversation and read by every agent: a missing one is in the default words.
        var (reason, priority) = Context(command.ValueJson, (await settings.GetAsync(cancellationToken)).Handoff.Messages.UpstreamBotReason);
        // Run in this unit of work (ADR-008): one pipeline run, and the request's save commits the imported transcript.
        return await Decision.Of(new RequestHandoffCommand(conversation.Id, reason, priority, HandoffSource.UpstreamBot)).RunAsync(services, cancellationToken);
    }

    /// <summary>
    /// The <c>value</c> is hub-specific: a string is the reason; an object may name <c>reason</c> and <c>priority</c>,
    /// and its other fields (e.g. <c>Skill</c>) become the reason when it names none; without any, <paramref name="defaultReason"/>.
    /// </summary>
    public static (string Reason, int Priority) Context(string? valueJson, string defaultReason)
    {
        if (string.IsNullOrWhiteSpace(valueJson))
        {
            return (defaultReason, 0);
        }

        try
        {
            using var document = JsonDocument.Parse(valueJson);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return (Limit(root.GetString()) ?? defaultReason, 0);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return (defaultReason, 0);
            }

            string? reason = null;
            var priority = 0;
            var others = new List<string>();
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("reason") || property.Name.Equals("reason", StringComparison.OrdinalIgnoreCase))
                {
                    reason = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }
                else if (property.Name.Equals("priority", StringComparison.OrdinalIgnoreCase))
                {
                    priority = ReadPriority(property.Value);
                }
                else if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    others.Add($"{property.Name}: {property.Value}");
                }
            }

            reason ??= others.Count > 0 ? string.Join(", ", others) : null;
            return (Limit(reason) ?? defaultReason, priority);
        }
        catch (JsonException)
        {
            return (defaultReason, 0);
        }
    }

    private static int ReadPriority(JsonElement value)
    {
        var number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            JsonValueKind.String => value.GetString()?.ToUpperInvariant() switch { "HIGH" => 10, "LOW" => -10, _ => 0 },
            _ => 0,
        };
        return Math.Clamp(number, -100, 100);
    }

    private static string? Limit(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? null : reason.Length > Conversation.MaxReasonLength ? reason[..Conversation.MaxReasonLength] : reason.Trim();
}
