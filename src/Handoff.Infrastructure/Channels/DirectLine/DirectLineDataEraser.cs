using Handoff.Application.Privacy;
using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Retention;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>The embedded Direct Line channel's share of erasure and retention: its activity log, uploads and conversation rows.</summary>
internal sealed class DirectLineDataEraser(HandoffDbContext db) : IChannelDataEraser
{
    public string ChannelId => DirectLineActivities.ChannelId;

    /// <summary>
    /// Direct Line conversations with their log, uploads and the processed markers of their activities ("conversation|…"):
    /// none are written since Direct Line activities stopped carrying an idempotency key, but a database of an earlier
    /// version keeps them until their retention ends.
    /// </summary>
    public async Task<RemovedData> EraseConversationsAsync(IReadOnlyList<string> channelConversationIds, CancellationToken cancellationToken)
    {
        var ids = channelConversationIds;
        var activities = await db.Set<DirectLineActivity>().Where(a => ids.Contains(a.ConversationId)).ExecuteDeleteAsync(cancellationToken);
        var uploads = await db.Set<DirectLineUpload>().Where(u => ids.Contains(u.ConversationId)).ExecuteDeleteAsync(cancellationToken);
        var conversations = await db.Set<DirectLineConversation>().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        var processed = 0;
        foreach (var id in ids)
        {
            var prefix = id + "|";
            processed += await db.ProcessedActivities
                .Where(p => p.ChannelId == DirectLineActivities.ChannelId && p.ActivityId.StartsWith(prefix))
                .ExecuteDeleteAsync(cancellationToken);
        }

        return new RemovedData(DirectLineConversations: conversations, DirectLineActivities: activities, Uploads: uploads, ProcessedActivities: processed);
    }

    public async Task<IReadOnlyList<string>> FindEndUserConversationsAsync(string userId, CancellationToken cancellationToken) =>
        await db.Set<DirectLineConversation>().Where(c => c.UserId == userId && !c.IsAgent).Select(c => c.Id).ToListAsync(cancellationToken);

    public async Task<RemovedData> PurgeAsync(RetentionCutoffs cutoffs, IQueryable<string> activeConversationIds, CancellationToken cancellationToken)
    {
        var activities = await db.Set<DirectLineActivity>()
            .Where(a => a.CreatedAt < cutoffs.DirectLineActivities && !activeConversationIds.Contains(a.ConversationId))
            .ExecuteDeleteAsync(cancellationToken);
        var uploads = await db.Set<DirectLineUpload>()
            .Where(u => u.CreatedAt < cutoffs.Uploads && !activeConversationIds.Contains(u.ConversationId))
            .ExecuteDeleteAsync(cancellationToken);

        // An end user's Direct Line conversation with nothing left in it (its row holds the user's id and name).
        var conversations = await db.Set<DirectLineConversation>()
            .Where(c => !c.IsAgent && c.CreatedAt < cutoffs.DirectLineActivities && !activeConversationIds.Contains(c.Id))
            .Where(c => !db.Set<DirectLineActivity>().Any(a => a.ConversationId == c.Id) && !db.Set<DirectLineUpload>().Any(u => u.ConversationId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);

        return new RemovedData(DirectLineConversations: conversations, DirectLineActivities: activities, Uploads: uploads);
    }
}
