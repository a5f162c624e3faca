using Handoff.Application.Management;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Management;

/// <summary>The management read side: no-tracking projections (DateTimeOffset is stored as UTC ticks, so it orders and compares in SQL).</summary>
internal sealed class ManagementQueries(HandoffDbContext db) : IManagementQueries
{
    public async Task<Page<ConversationListItemDto>> ListConversationsAsync(ConversationState? state, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Conversations.AsNoTracking();
        if (state is { } wanted)
        {
            query = query.Where(c => c.State == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await Project(query.OrderByDescending(c => c.LastActivityAt).Skip((pageNumber - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return new Page<ConversationListItemDto>(items, pageNumber, pageSize, total);
    }

    public Task<ConversationListItemDto?> FindConversationAsync(ConversationId id, CancellationToken cancellationToken) =>
        Project(db.Conversations.AsNoTracking().Where(c => c.Id == id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<TranscriptEntryDto>> TranscriptAsync(ConversationId id, int count, CancellationToken cancellationToken)
    {
        var newest = await db.TranscriptEntries.AsNoTracking()
            .Where(t => t.ConversationId == id)
            .OrderByDescending(t => t.Id)
            .Take(count)
            .Select(t => new TranscriptEntryDto(t.Id, t.At, t.Sender, t.SenderName, t.Text, t.AttachmentsJson != null))
            .ToListAsync(cancellationToken);
        newest.Reverse();
        return newest;
    }

    public async Task<IReadOnlyList<MeetingDto>> MeetingsAsync(ConversationId id, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return conversation is null
            ? []
            : [.. conversation.Meetings.Select(m => new MeetingDto(m.JoinUrl, m.OrganizerObjectId, m.DefaultOrganizerUsed, m.AgentId.Value, m.CreatedAt))];
    }

    public async Task<IReadOnlyList<ConversationListItemDto>> QueueAsync(CancellationToken cancellationToken) =>
        await Project(db.Conversations.AsNoTracking()
                .Where(c => c.State == ConversationState.Waiting)
                .OrderByDescending(c => c.Priority)
                .ThenBy(c => c.RequestedAt))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<AgentRow>> ListAgentsAsync(CancellationToken cancellationToken)
    {
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(cancellationToken);
        var connected = await db.Conversations.AsNoTracking()
            .Where(c => c.State == ConversationState.Connected && c.AgentId != null)
            .Select(c => new { c.AgentId, c.Id, c.ShortId, c.UserName, c.ConnectedAt })
            .ToListAsync(cancellationToken);
        var byAgent = connected.ToLookup(c => c.AgentId!.Value);
        return [.. agents
            .OrderBy(a => a.Status == AgentStatus.LoggedOut)
            .Select(a => new AgentRow(
                a.Id.Value, a.DisplayName, a.ChannelAccountKey, a.EntraObjectId, a.Email, a.Status, a.Capacity, a.LastSeenAt,
                [.. byAgent[a.Id].Select(c => new ConnectedConversationDto(c.Id.Value, c.ShortId, c.UserName, c.ConnectedAt))],
                a.CapacityOverride))];
    }

    public async Task<IReadOnlyDictionary<ConversationState, int>> CountConversationsByStateAsync(CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .GroupBy(c => c.State)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public async Task<IReadOnlyDictionary<AgentStatus, int>> CountAgentsByStatusAsync(CancellationToken cancellationToken) =>
        await db.Agents.AsNoTracking()
            .GroupBy(a => a.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public async Task<IReadOnlyList<AuditEvent>> AuditEventsSinceAsync(IReadOnlyCollection<AuditType> types, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var wanted = types.ToList();
        return await db.AuditRecords.AsNoTracking()
            .Where(a => a.At >= since && wanted.Contains(a.Type))
            .Select(a => new AuditEvent(a.Type, a.At, a.WaitSeconds))
            .ToListAsync(cancellationToken);
    }

    public async Task<Page<AuditRecordDto>> ListAuditRecordsAsync(DateTimeOffset? from, DateTimeOffset? to, AuditType? type, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.AuditRecords.AsNoTracking();
        if (from is { } start)
        {
            query = query.Where(a => a.At >= start);
        }

        if (to is { } end)
        {
            query = query.Where(a => a.At < end);
        }

        if (type is { } wanted)
        {
            query = query.Where(a => a.Type == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize)
            .Select(a => new AuditRecordDto(a.Id, a.At, a.Type, a.Actor, a.ConversationId, a.AgentId, a.Details, a.WaitSeconds))
            .ToListAsync(cancellationToken);
        return new Page<AuditRecordDto>(items, pageNumber, pageSize, total);
    }

    private static IQueryable<ConversationListItemDto> Project(IQueryable<Conversation> conversations) =>
        conversations.Select(c => new ConversationListItemDto(
            c.Id.Value, c.ShortId, c.UserName, c.Address.ChannelId, c.State, c.CreatedAt, c.LastActivityAt,
            c.RequestedAt, c.Priority, c.Reason, c.AgentId == null ? null : c.AgentId.Value.Value, c.AgentName, c.ConnectedAt));
}
