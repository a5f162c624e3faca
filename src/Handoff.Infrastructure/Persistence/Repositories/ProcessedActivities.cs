using Handoff.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class ProcessedActivities(HandoffDbContext db) : IProcessedActivities
{
    public Task<bool> ContainsAsync(string channelId, string activityId, CancellationToken cancellationToken) =>
        db.ProcessedActivities.AnyAsync(p => p.ChannelId == channelId && p.ActivityId == activityId, cancellationToken);

    public void Add(string channelId, string activityId, DateTimeOffset at) =>
        db.ProcessedActivities.Add(new ProcessedActivity { ChannelId = channelId, ActivityId = activityId, ProcessedAt = at });
}
