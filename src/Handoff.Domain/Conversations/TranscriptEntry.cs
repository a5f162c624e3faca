namespace Handoff.Domain.Conversations;

/// <summary>
/// One message of a conversation's transcript. Entries are appended, never changed, and are not loaded with the
/// conversation, so handling a message costs the same however long the transcript is.
/// </summary>
public sealed class TranscriptEntry
{
    public const int MaxTextLength = 16_000;

    private TranscriptEntry()
    {
        SenderName = string.Empty;
        Text = string.Empty;
    }

    internal TranscriptEntry(ConversationId conversationId, TranscriptSender sender, string senderName, string text, string? attachmentsJson, DateTimeOffset at)
    {
        ConversationId = conversationId;
        Sender = sender;
        SenderName = senderName;
        Text = text.Length > MaxTextLength ? text[..MaxTextLength] : text;
        AttachmentsJson = attachmentsJson;
        At = at;
    }

    public long Id { get; private set; }

    public ConversationId ConversationId { get; private set; }

    public TranscriptSender Sender { get; private set; }

    public string SenderName { get; private set; }

    public string Text { get; private set; }

    public string? AttachmentsJson { get; private set; }

    public DateTimeOffset At { get; private set; }
}

public enum TranscriptSender
{
    User,
    Agent,
    Bot,
}
