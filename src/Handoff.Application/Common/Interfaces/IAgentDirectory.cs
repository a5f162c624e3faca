namespace Handoff.Application.Common.Interfaces;

/// <summary>
/// Answers whether an Entra ID user may act as an agent (transitive member of the agent security group) and who they are.
/// Implemented with Microsoft Graph; without Graph configuration every Teams login is refused as "not configured".
/// </summary>
public interface IAgentDirectory
{
    ValueTask<AgentAuthorization> AuthorizeAsync(string entraObjectId, CancellationToken cancellationToken);
}

public enum AgentAuthorizationOutcome
{
    /// <summary>A member of the agent group.</summary>
    Authorized,

    /// <summary>Not a member, or unknown to the directory.</summary>
    NotAMember,

    /// <summary>The directory could not be asked (outage, throttling, circuit open): try again later.</summary>
    Unavailable,

    /// <summary>No agent directory is configured on this server.</summary>
    NotConfigured,
}

/// <summary>The directory's answer, with the profile of an authorized agent.</summary>
public sealed record AgentAuthorization(AgentAuthorizationOutcome Outcome, string? DisplayName = null, string? Email = null, string? Detail = null)
{
    public bool IsAuthorized => Outcome == AgentAuthorizationOutcome.Authorized;
}
