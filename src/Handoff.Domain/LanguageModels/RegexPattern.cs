using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Handoff.Domain.Common;

namespace Handoff.Domain.LanguageModels;

/// <summary>
/// A language-model pattern: matched case-insensitively and with a timeout, so a catastrophic pattern such as
/// <c>(a+)+$</c> gives "no match" instead of stalling the server.
/// </summary>
public static class RegexPattern
{
    public const int MaxLength = 1_000;

    /// <summary>The time one match may take before it counts as no match.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Models are loaded for every message; compiling each pattern once per process keeps that cheap.
    private static readonly ConcurrentDictionary<string, Regex> s_compiled = new(StringComparer.Ordinal);

    public static Result Validate(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return LanguageModelErrors.EmptyPattern(pattern ?? string.Empty);
        }

        if (pattern.Length > MaxLength)
        {
            return LanguageModelErrors.PatternTooLong(pattern[..40] + "…", MaxLength);
        }

        try
        {
            _ = new Regex(pattern, Options, MatchTimeout);
            return Result.Success();
        }
        catch (ArgumentException ex)
        {
            return LanguageModelErrors.InvalidPattern(pattern, ex.Message);
        }
    }

    /// <summary>The length of the longest match of <paramref name="pattern"/> in <paramref name="utterance"/>; 0 when none, or when matching timed out.</summary>
    public static int LongestMatch(string pattern, string utterance)
    {
        var regex = s_compiled.GetOrAdd(pattern, static p => new Regex(p, Options, MatchTimeout));
        try
        {
            var longest = 0;
            for (var match = regex.Match(utterance); match.Success; match = match.NextMatch())
            {
                longest = Math.Max(longest, match.Length);
                if (match.Length == 0 && match.Index >= utterance.Length)
                {
                    break;
                }
            }

            return longest;
        }
        catch (RegexMatchTimeoutException)
        {
            return 0;
        }
    }
}
