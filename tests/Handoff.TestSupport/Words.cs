using System.Reflection;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Common;

namespace Handoff.TestSupport;

/// <summary>
/// The product's default words, by catalogue key: a test that checks what is said (not how it is worded) asserts
/// <c>Words.Default(nameof(HandoffMessages.AgentLeft), ("agent", "Alice"))</c>, so rewording a default breaks no test.
/// </summary>
public static class Words
{
    private static readonly HandoffMessages s_default = new();

    /// <summary>The default text of <paramref name="key"/> (a <see cref="HandoffMessages"/> property name), its placeholders filled.</summary>
    public static string Default(string key, params (string Name, object? Value)[] values)
    {
        var text = typeof(HandoffMessages).GetProperty(key, BindingFlags.Public | BindingFlags.Instance)?.GetValue(s_default) as string
            ?? throw new ArgumentException($"'{key}' is not a text of the words catalogue.", nameof(key));
        return MessageText.Fill(text, values);
    }

    /// <summary>
    /// The default text of <paramref name="key"/> up to its first placeholder: for waiting on a sentence whose filled-in
    /// values the test does not know (<c>Words.Start(nameof(HandoffMessages.AgentSignedIn))</c>).
    /// </summary>
    public static string Start(string key)
    {
        var text = Default(key);
        var placeholder = text.IndexOf('{', StringComparison.Ordinal);
        return placeholder < 0 ? text : text[..placeholder];
    }

    /// <summary>The default sentence for a refusal.</summary>
    public static string Default(Error error) => s_default.Render(error);
}
