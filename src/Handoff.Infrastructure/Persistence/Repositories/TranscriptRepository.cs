using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Persistence.Repositories;

internal sealed class TranscriptRepository(HandoffDbContext db) : ITranscriptRepository
{
    public void Add(TranscriptEntry entry) => db.TranscriptEntries.Add(entry);

    public async Task<IReadOnlyList<TranscriptEntry>> RecentAsync(ConversationId conversationId, int count, CancellationToken cancellationToken)
    {
        var newestFirst = await db.TranscriptEntries.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderByDescending(t => t.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }
}
