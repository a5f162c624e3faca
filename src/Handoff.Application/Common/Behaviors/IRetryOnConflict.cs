namespace Handoff.Application.Common.Behaviors;

/// <summary>
/// A command that is decided again on fresh data when it loses a concurrent write (see
/// <see cref="ConcurrencyRetryBehavior{TMessage, TResponse}"/>): the one conflict policy. Safe because nothing of a lost
/// attempt was saved. Inbound activities, claims, sign-outs and the background loops' per-item commands declare it.
/// </summary>
public interface IRetryOnConflict;

/// <summary>
/// Which attempt of a <see cref="IRetryOnConflict"/> command is running (scoped). A handler with a better answer than
/// failing when conflicts outlast the retries (AcceptHandoff's "many agents are connecting") gives it on the last one.
/// </summary>
public sealed class ConflictAttempt
{
    public bool IsLast { get; internal set; }
}
