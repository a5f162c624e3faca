namespace Handoff.Infrastructure.Persistence;

/// <summary>
/// A team where the Handoff app is installed, as its authenticated activities told it: where that team's traffic goes
/// (its Bot Connector service URL), so the agent channel can be written to proactively (ADR-037).
/// </summary>
public sealed class TeamInstallation
{
    public required string TeamId { get; init; }

    public required string ServiceUrl { get; set; }

    /// <summary>The bot's account id in the team (<c>recipient.id</c>, <c>28:&lt;app id&gt;</c>).</summary>
    public string? BotId { get; set; }

    public string? TenantId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
