namespace Handoff.Domain.Conversations;

/// <summary>Identifies one end-user conversation. Never empty.</summary>
public readonly record struct ConversationId
{
    public ConversationId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("A conversation id cannot be empty.", nameof(value));
        }

        Value = value;
    }

    public Guid Value { get; }

    public static ConversationId New() => new(Guid.NewGuid());

    /// <summary>The short form agents type after <c>connect</c>: the first six hex digits.</summary>
    public string Short => Value.ToString("N")[..ShortLength];

    public const int ShortLength = 6;

    public override string ToString() => Value.ToString();
}
