using Handoff.Domain.Common;

namespace Handoff.Application.Common.Messaging;

/// <summary>
/// The transactional outbox: messages enqueued here are saved with the unit of work's next save and delivered after
/// commit, in order per conversation, with retries. Nothing is sent from inside a request.
/// </summary>
public interface IOutbox
{
    void Enqueue(OutboundMessage message);

    /// <summary>The correlation keys of already enqueued messages that start with <paramref name="prefix"/>.</summary>
    Task<IReadOnlyList<string>> FindCorrelationKeysAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Where the message with <paramref name="correlationKey"/> was addressed.</summary>
    Task<ChannelAddress?> FindAddressAsync(string correlationKey, CancellationToken cancellationToken);
}
