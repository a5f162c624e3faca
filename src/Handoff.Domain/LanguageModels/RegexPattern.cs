using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Handoff.Domain.Common;

namespace Handoff.Domain.LanguageModels;

/// <summary>
/// A language-model pattern: matched case-insensitively. Patterns the non-backtracking engine accepts (no
/// backreferences, lookarounds or atomic groups) run in time linear in the utterance, so <c>(a+)+$</c> cannot stall
/// the server; the others keep the backtracking engine with a timeout per match call, and a <see cref="MatchBudget"/>
/// bounds the total per utterance.
/// </summary>
public static class RegexPattern
{
    public const int MaxLength = 1_000;

    /// <summary>The time one match may take before it counts as no match.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private const RegexOptions LinearOptions = Options | RegexOptions.NonBacktracking;

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

    /// <summary>Whether <paramref name="pattern"/> runs on the non-backtracking (linear-time) engine.</summary>
    public static bool RunsInLinearTime(string pattern) => (Compiled(pattern).Options & RegexOptions.NonBacktracking) != 0;

    /// <summary>
    /// The length of the longest match of <paramref name="pattern"/> in <paramref name="utterance"/>; 0 when none, when
    /// matching timed out, or when <paramref name="budget"/> is spent (checked before every match call).
    /// </summary>
    public static int LongestMatch(string pattern, string utterance, MatchBudget? budget = null)
    {
        budget ??= MatchBudget.StartNew();
        if (budget.IsSpent)
        {
            return 0;
        }

        var regex = Compiled(pattern);
        try
        {
            var longest = 0;
            for (var match = regex.Match(utterance); match.Success; match = budget.IsSpent ? Match.Empty : match.NextMatch())
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

    private static Regex Compiled(string pattern) => s_compiled.GetOrAdd(pattern, static p =>
    {
        try
        {
            return new Regex(p, LinearOptions, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            // Backreferences, lookarounds, atomic groups...: only the backtracking engine has them.
            return new Regex(p, Options, MatchTimeout);
        }
    });
}
