namespace Handoff.Application.Management.GetQueue;

/// <summary>The agent queue in service order, with each user's position, wait so far, reason and priority.</summary>
public sealed record GetQueueQuery : IQuery<IReadOnlyList<QueueEntryDto>>;

public sealed record QueueEntryDto(
    int Position, Guid Id, string ShortId, string UserName, string ChannelId, DateTimeOffset RequestedAt, double WaitSeconds, string? Reason, int Priority);

public sealed class GetQueueQueryHandler(IManagementQueries queries, TimeProvider clock) : IQueryHandler<GetQueueQuery, IReadOnlyList<QueueEntryDto>>
{
    public async ValueTask<IReadOnlyList<QueueEntryDto>> Handle(GetQueueQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var waiting = await queries.QueueAsync(cancellationToken);
        return [.. waiting.Select((c, index) => new QueueEntryDto(
            index + 1, c.Id, c.ShortId, c.UserName, c.ChannelId, c.RequestedAt ?? c.LastActivityAt,
            Math.Max(0, Math.Round((now - (c.RequestedAt ?? now)).TotalSeconds, 1)), c.Reason, c.Priority))];
    }
}
