using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class HandoffQueries(HandoffDbContext db) : IHandoffQueries
{
    public Task<int> CountWaitingAheadAsync(ConversationId id, int priority, DateTimeOffset requestedAt, CancellationToken cancellationToken) =>
        db.Conversations.AsNoTracking().CountAsync(
            c => c.State == ConversationState.Waiting && c.Id != id &&
                 (c.Priority > priority || (c.Priority == priority && c.RequestedAt <= requestedAt)),
            cancellationToken);

    public Task<int> CountWaitingAsync(CancellationToken cancellationToken) =>
        db.Conversations.AsNoTracking().CountAsync(c => c.State == ConversationState.Waiting, cancellationToken);

    public async Task<IReadOnlyList<ConversationSummary>> RecentBotConversationsAsync(int count, CancellationToken cancellationToken)
    {
        var recent = await db.Conversations.AsNoTracking()
            .Where(c => c.State == ConversationState.Bot)
            .OrderByDescending(c => c.LastActivityAt)
            .Take(count)
            .ToListAsync(cancellationToken);
        return [.. recent.Select(c => new ConversationSummary(c.Id.Value, c.ShortId, c.UserName, c.Address.ChannelId, c.State, c.LastActivityAt))];
    }
}
