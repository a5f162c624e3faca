using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class ConversationRepository(HandoffDbContext db) : IConversationRepository
{
    public async Task<Conversation?> FindAsync(ConversationId id, CancellationToken cancellationToken) =>
        await db.Conversations.FindAsync([id], cancellationToken);

    /// <remarks>
    /// Read as a list, not with <c>FirstOrDefault</c>: with the owned meetings that becomes a <c>LIMIT 1</c> subquery
    /// joined again, which Sqlite took about 110 µs to prepare against 70 µs for this flat join, on every message
    /// (issue 11). The address is unique, so the list holds one conversation at most.
    /// </remarks>
    public async Task<Conversation?> FindByAddressAsync(string channelId, string channelConversationId, CancellationToken cancellationToken) =>
        (await db.Conversations
            .Where(c => c.Address.ChannelId == channelId && c.Address.ConversationId == channelConversationId)
            .ToListAsync(cancellationToken))
        .SingleOrDefault();

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
