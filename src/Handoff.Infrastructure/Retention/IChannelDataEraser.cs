using Handoff.Application.Privacy;

namespace Handoff.Infrastructure.Retention;

/// <summary>
/// What a channel keeps of its own (a message log, uploads, its conversation rows) and how that is erased and purged.
/// Each channel that stores data registers one; <see cref="PrivacyStore"/> calls it inside its own transaction, on the
/// same scoped database context, so a channel's deletes commit or roll back with Handoff's.
/// </summary>
public interface IChannelDataEraser
{
    /// <summary>The channel id whose conversations this eraser owns (the <c>ChannelAddress.ChannelId</c>).</summary>
    string ChannelId { get; }

    /// <summary>Removes everything the channel keeps for these channel conversations.</summary>
    Task<RemovedData> EraseConversationsAsync(IReadOnlyList<string> channelConversationIds, CancellationToken cancellationToken);

    /// <summary>The channel conversations of the end user <paramref name="userId"/> (including ones that never reached Handoff).</summary>
    Task<IReadOnlyList<string>> FindEndUserConversationsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Removes what is older than the cutoffs, never the data of <paramref name="activeConversationIds"/> (waiting or connected).</summary>
    Task<RemovedData> PurgeAsync(RetentionCutoffs cutoffs, IQueryable<string> activeConversationIds, CancellationToken cancellationToken);
}
