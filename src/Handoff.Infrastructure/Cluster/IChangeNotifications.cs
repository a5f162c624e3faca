namespace Handoff.Infrastructure.Cluster;

/// <summary>
/// Tells every server instance — this one included — that something shared changed after a commit, so that caches and
/// reloadable settings follow it. Notifications carry at most a short payload (an id), never data or secrets: a receiver
/// reads what changed from the database itself, so a lost or duplicated notification only costs a re-read. Today's
/// adapter (<see cref="InProcessChangeNotifications"/>) reaches this process only; with several instances on one
/// database an adapter over the database's notifications (PostgreSQL <c>LISTEN/NOTIFY</c>) takes its place.
/// </summary>
public interface IChangeNotifications
{
    /// <summary>Announces a change of <paramref name="topic"/> (call after the change is committed).</summary>
    void Publish(string topic, string? payload = null);

    /// <summary>
    /// Calls <paramref name="handler"/> for every change of <paramref name="topic"/> until disposed. Handlers must be
    /// quick and must not throw. A null payload means "anything of this topic may have changed": it is also what every
    /// handler receives when notifications may have been lost (the carrier reconnected), so a handler re-reads it all.
    /// </summary>
    IDisposable Subscribe(string topic, Action<string?> handler);
}

/// <summary>The topics announced through <see cref="IChangeNotifications"/>.</summary>
public static class ChangeTopics
{
    /// <summary>Administrators saved settings overrides.</summary>
    public const string Settings = "settings";

    /// <summary>Language models were added, changed or removed.</summary>
    public const string LanguageModels = "language-models";

    /// <summary>An agent's record changed (payload: the agent id).</summary>
    public const string Agents = "agents";

    /// <summary>A Direct Line conversation's log grew (payload: the sending instance and the conversation id).</summary>
    public const string DirectLineWakeUps = "direct-line-wake-ups";

    /// <summary>An unstored activity (typing) for a Direct Line conversation's streams (payload: instance, conversation id, activity JSON).</summary>
    public const string DirectLinePushes = "direct-line-pushes";
}
