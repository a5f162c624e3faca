namespace Handoff.Domain.Common;

/// <summary>An expected refusal: a stable machine code and a message that can be shown to a person.</summary>
public sealed record Error(string Code, string Message)
{
    public static readonly Error None = new(string.Empty, string.Empty);
}
