using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Handoff.Infrastructure.Channels.BotFramework.AgentChannel;

/// <summary>
/// Remembers where each team's traffic goes: the service URL of its latest authenticated activity (the app's install
/// <c>conversationUpdate</c> or any later message). Only authenticated service URLs reach here (ADR-021), so a forged
/// activity cannot point the agent channel's threads, and the bot's token, elsewhere.
/// </summary>
public sealed class TeamInstallations(HandoffDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(string teamId, string serviceUrl, string? botId, string? tenantId, CancellationToken cancellationToken)
    {
        if (teamId.Length > Domain.Common.ChannelAddress.MaxIdLength || serviceUrl.Length > 2048)
        {
            return;
        }

        var known = await db.TeamInstallations.FirstOrDefaultAsync(t => t.TeamId == teamId, cancellationToken);
        if (known is not null && known.ServiceUrl == serviceUrl && known.BotId == botId && known.TenantId == tenantId)
        {
            return; // the usual case: nothing changed, nothing written
        }

        if (known is null)
        {
            db.TeamInstallations.Add(new TeamInstallation { TeamId = teamId, ServiceUrl = serviceUrl, BotId = botId, TenantId = tenantId, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            known.ServiceUrl = serviceUrl;
            known.BotId = botId;
            known.TenantId = tenantId;
            known.UpdatedAt = clock.GetUtcNow();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two activities of a new team at once: the other one stored it.
            db.ChangeTracker.Clear();
        }
    }
}
