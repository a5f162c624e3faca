using Handoff.Domain.Common;

namespace Handoff.Application.Common.Messaging;

/// <summary>
/// Shows someone that the other side of their handoff is typing. Ephemeral and best-effort, unlike
/// <see cref="IChannelSender"/>: nothing is stored, nothing goes through the outbox, nothing is retried, and a failure
/// is only logged (a typing indicator that is late is worse than none). Each channel shows it its own way (ADR-032).
/// </summary>
public interface ITypingIndicator
{
    /// <param name="to">Who sees the indicator.</param>
    /// <param name="typistName">Who is typing, for channels that show a name.</param>
    Task ShowTypingAsync(ChannelAddress to, string? typistName, CancellationToken cancellationToken);
}
