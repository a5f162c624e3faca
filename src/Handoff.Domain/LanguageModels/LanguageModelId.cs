namespace Handoff.Domain.LanguageModels;

/// <summary>Identifies a language model. Never empty.</summary>
public readonly record struct LanguageModelId
{
    public LanguageModelId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("A language model id cannot be empty.", nameof(value));
        }

        Value = value;
    }

    public Guid Value { get; }

    public static LanguageModelId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString();
}
