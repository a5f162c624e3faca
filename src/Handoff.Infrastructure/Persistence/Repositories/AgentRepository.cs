using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class AgentRepository(HandoffDbContext db) : IAgentRepository
{
    public async Task<Agent?> FindAsync(AgentId id, CancellationToken cancellationToken) =>
        await db.Agents.FindAsync([id], cancellationToken);

    public async Task<Agent?> FindByChannelAccountAsync(string channelAccountKey, CancellationToken cancellationToken) =>
        db.Agents.Local.FirstOrDefault(a => a.ChannelAccountKey == channelAccountKey)
        ?? await db.Agents.FirstOrDefaultAsync(a => a.ChannelAccountKey == channelAccountKey, cancellationToken);

    public async Task<IReadOnlyList<Agent>> ListLoggedInAsync(CancellationToken cancellationToken) =>
        await db.Agents.Where(a => a.Status != AgentStatus.LoggedOut).ToListAsync(cancellationToken);

    public void Add(Agent agent) => db.Agents.Add(agent);
}
