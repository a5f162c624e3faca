using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class AuditLog(HandoffDbContext db) : IAuditLog
{
    public void Add(AuditRecord record) => db.AuditRecords.Add(record);

    public async Task<IReadOnlyList<double>> RecentWaitsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await db.AuditRecords.AsNoTracking()
            .Where(a => a.Type == AuditType.AgentConnected && a.At >= since && a.WaitSeconds != null)
            .Select(a => a.WaitSeconds!.Value)
            .ToListAsync(cancellationToken);
}
