namespace Handoff.Application.Common.Exceptions;

/// <summary>
/// The pause before deciding again after a <see cref="ConcurrencyConflictException"/>: a few random milliseconds,
/// growing with the attempt, so writers that collided do not collide again at once. It spreads real contention; it is
/// not a business timer, so it does not use the clock.
/// </summary>
public static class ConflictBackoff
{
    public static Task DelayAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 1 + (5 * attempt))), cancellationToken);
}
