namespace Handoff.Domain.Common;

/// <summary>
/// An expected refusal: a stable machine code (<c>area.reason</c>) and the data a sentence about it needs (the agent's
/// name in "already taken by Alice"). No words: the words catalogue (<c>Handoff:Messages:Errors</c>) turns the code into
/// a sentence in the reader's language.
/// </summary>
public sealed record Error
{
    public static readonly Error None = new(string.Empty);

    public Error(string code, params (string Name, string Value)[] arguments)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(arguments);
        Code = code;
        Arguments = arguments;
    }

    public string Code { get; }

    /// <summary>Named values for the sentence's {placeholders}.</summary>
    public IReadOnlyList<(string Name, string Value)> Arguments { get; }

    /// <summary>The value of one argument, or null when the error has none by that name.</summary>
    public string? Argument(string name) =>
        Arguments.Where(a => string.Equals(a.Name, name, StringComparison.Ordinal)).Select(a => a.Value).FirstOrDefault();

    public bool Equals(Error? other) =>
        other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal) && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Arguments.Count == 0 ? Code : $"{Code} ({string.Join(", ", Arguments.Select(a => $"{a.Name}={a.Value}"))})";
}
