namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// Tells the open Direct Line streams of a conversation that its log grew. A seam because it is the part of the channel
/// that assumes one server process: today's adapter (<see cref="DirectLineStreamHub"/>) wakes only streams of this
/// process; with several instances an adapter over the database's notifications (or a message bus) takes its place.
/// Wake-ups carry nothing: each stream reads what is new from the log itself, so a lost or extra one is harmless.
/// </summary>
public interface IStreamWakeUps
{
    /// <summary>Listens for wake-ups of <paramref name="conversationId"/> until disposed.</summary>
    IStreamWakeUpSubscription Subscribe(string conversationId);

    /// <summary>As <see cref="Subscribe"/>, or null when <paramref name="conversationId"/> already has <paramref name="maxStreams"/> open streams.</summary>
    IStreamWakeUpSubscription? TrySubscribe(string conversationId, int maxStreams);

    /// <summary>Wakes every stream of <paramref name="conversationId"/> (after its new activities are committed).</summary>
    void Notify(string conversationId);

    /// <summary>
    /// Hands an activity that is not stored (a typing indicator) to the open streams of <paramref name="conversationId"/>,
    /// to send as it is; answers how many streams took it. Best-effort: a conversation without an open stream on this
    /// instance misses it, and a stream that is behind keeps only its latest few.
    /// </summary>
    int Push(string conversationId, string activityJson);
}

/// <summary>One open stream's wake-up signal; wake-ups that arrive while it is busy collapse into one.</summary>
public interface IStreamWakeUpSubscription : IDisposable
{
    ValueTask<bool> WaitAsync(CancellationToken cancellationToken);

    /// <summary>The next pushed (unstored) activity, as JSON.</summary>
    ValueTask<string> ReadPushedAsync(CancellationToken cancellationToken);
}
