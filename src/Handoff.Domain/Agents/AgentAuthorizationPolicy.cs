using Handoff.Domain.Common;

namespace Handoff.Domain.Agents;

/// <summary>
/// Who may even ask to become an agent (product §2.1), before the directory is consulted: a signed-in agent web chat
/// identity; or a Teams user whose activity was authenticated, from the configured tenant, with an Entra object id.
/// </summary>
public static class AgentAuthorizationPolicy
{
    public static readonly Error NoEntraIdentity = new("agent.login.no_identity");

    public static readonly Error NotAuthenticated = new("agent.login.not_authenticated");

    public static readonly Error WrongTenant = new("agent.login.wrong_tenant");

    public static readonly Error TenantNotConfigured = new("agent.login.tenant_not_configured");

    /// <summary>Whether the directory check may follow (true) or the web chat claim already suffices (success with <paramref name="needsDirectory"/> false).</summary>
    public static Result Check(bool verifiedWebChatAgent, bool authenticatedChannel, string? entraObjectId, string? tenantId, string? configuredTenantId, out bool needsDirectory)
    {
        needsDirectory = false;
        if (verifiedWebChatAgent)
        {
            return Result.Success();
        }

        if (string.IsNullOrWhiteSpace(entraObjectId))
        {
            return NoEntraIdentity;
        }

        if (!authenticatedChannel)
        {
            return NotAuthenticated;
        }

        if (string.IsNullOrWhiteSpace(configuredTenantId))
        {
            return TenantNotConfigured;
        }

        if (!string.Equals(tenantId?.Trim(), configuredTenantId.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return WrongTenant;
        }

        needsDirectory = true;
        return Result.Success();
    }
}
