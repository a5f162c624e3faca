using System.Diagnostics;

namespace Handoff.Domain.LanguageModels;

/// <summary>
/// The time all the patterns together may spend on one utterance. The regex timeout bounds one match call only; an
/// utterance is tried against every pattern of every model, each possibly several times, so without a total the time
/// per message grows with the number of patterns. Once spent, the remaining patterns count as no match. The total
/// per utterance is at most <see cref="Total"/> plus one <see cref="RegexPattern.MatchTimeout"/> (the call running
/// when the budget ran out).
/// </summary>
public sealed class MatchBudget
{
    /// <summary>
    /// What one utterance may cost across all patterns: generous, because it is wall-clock time and an overloaded
    /// server must still understand "agent"; the point is that it is bounded, not that it is small.
    /// </summary>
    public static readonly TimeSpan DefaultTotal = TimeSpan.FromSeconds(2);

    private readonly Func<TimeSpan> _elapsed;

    /// <param name="total">The time the utterance may take in all.</param>
    /// <param name="elapsed">How much time has passed since the utterance started (a stopwatch unless a test supplies one).</param>
    public MatchBudget(TimeSpan total, Func<TimeSpan>? elapsed = null)
    {
        Total = total;
        var started = Stopwatch.GetTimestamp();
        _elapsed = elapsed ?? (() => Stopwatch.GetElapsedTime(started));
    }

    public TimeSpan Total { get; }

    /// <summary>Whether the budget is spent; checked before every match call.</summary>
    public bool IsSpent => _elapsed() >= Total;

    public static MatchBudget StartNew() => new(DefaultTotal);
}
