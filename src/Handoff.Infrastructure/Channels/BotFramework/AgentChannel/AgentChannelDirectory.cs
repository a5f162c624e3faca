using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.BotFramework.AgentChannel;

/// <summary>
/// Where the agent channel's threads go (ADR-037): the configured team and channel, reached through the service URL
/// its own authenticated activities brought (or the configured override).
/// </summary>
internal sealed class AgentChannelDirectory(HandoffDbContext db, IOptionsMonitor<TeamsOptions> teams, IOptionsMonitor<BotOptions> bot) : IAgentChannel
{
    public async Task<AgentChannelTarget?> FindAsync(CancellationToken cancellationToken)
    {
        var options = teams.CurrentValue;
        var channel = options.AgentChannel;
        if (!channel.IsConfigured)
        {
            return null;
        }

        var installation = await db.TeamInstallations.AsNoTracking().FirstOrDefaultAsync(t => t.TeamId == channel.TeamId, cancellationToken);
        var serviceUrl = string.IsNullOrWhiteSpace(channel.ServiceUrl) ? installation?.ServiceUrl : channel.ServiceUrl;
        if (serviceUrl is null)
        {
            return null;
        }

        var botId = installation?.BotId ?? (string.IsNullOrWhiteSpace(bot.CurrentValue.MicrosoftAppId) ? null : "28:" + bot.CurrentValue.MicrosoftAppId);
        return new AgentChannelTarget(channel.ChannelId!, serviceUrl, botId, installation?.TenantId ?? options.TenantId);
    }
}
