using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class ConversationRepository(HandoffDbContext db) : IConversationRepository
{
    public async Task<Conversation?> FindAsync(ConversationId id, CancellationToken cancellationToken) =>
        await db.Conversations.FindAsync([id], cancellationToken);

    public Task<Conversation?> FindByAddressAsync(string channelId, string channelConversationId, CancellationToken cancellationToken) =>
        db.Conversations.FirstOrDefaultAsync(c => c.Address.ChannelId == channelId && c.Address.ConversationId == channelConversationId, cancellationToken);

    public Task<Conversation?> FindByAgentThreadAsync(string threadId, CancellationToken cancellationToken) =>
        db.Conversations.FirstOrDefaultAsync(c => c.AgentThreadId == threadId, cancellationToken);

    public async Task<IReadOnlyList<Conversation>> FindByShortIdAsync(string shortId, CancellationToken cancellationToken) =>
        await db.Conversations
            .Where(c => c.State != ConversationState.Bot && c.ShortId.StartsWith(shortId))
            .Take(2)
            .ToListAsync(cancellationToken);

    public Task<Conversation?> NextWaitingAsync(CancellationToken cancellationToken) =>
        db.Conversations
            .Where(c => c.State == ConversationState.Waiting)
            .OrderByDescending(c => c.Priority).ThenBy(c => c.RequestedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Conversation>> ListByStateAsync(ConversationState state, CancellationToken cancellationToken) =>
        await db.Conversations.Where(c => c.State == state).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Conversation>> ListConnectedToAsync(AgentId agentId, CancellationToken cancellationToken) =>
        await db.Conversations
            .Where(c => c.State == ConversationState.Connected && c.AgentId == agentId)
            .OrderByDescending(c => c.ConnectedAt)
            .ToListAsync(cancellationToken);

    public void Add(Conversation conversation) => db.Conversations.Add(conversation);
}
