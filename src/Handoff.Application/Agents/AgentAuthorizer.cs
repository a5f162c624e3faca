using Handoff.Application.Agents.LoginAgent;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Application.Agents;

/// <summary>What the agent check answered: allowed or the refusal, and the name and e-mail the directory knows.</summary>
public sealed record AgentAuthorizationAnswer(Result Allowed, string DisplayName, string? Email);

/// <summary>
/// The one check that makes someone an agent: the agent web chat's verified claim, or a Teams user of the configured
/// tenant who is in the agent group (asked of the directory). <c>login</c> and Connect in a channel thread use it.
/// </summary>
public sealed class AgentAuthorizer(IAgentDirectory directory)
{
    public async Task<AgentAuthorizationAnswer> AuthorizeAsync(Sender from, string? teamsTenantId, CancellationToken cancellationToken)
    {
        var allowed = AgentAuthorizationPolicy.Check(from.IsVerifiedAgent, from.IsAuthenticated, from.EntraObjectId, from.TenantId, teamsTenantId, out var needsDirectory);
        var displayName = from.Name ?? "Agent";
        string? email = null;
        if (allowed.IsSuccess && needsDirectory)
        {
            var answer = await directory.AuthorizeAsync(from.EntraObjectId!, cancellationToken);
            allowed = answer.Outcome switch
            {
                AgentAuthorizationOutcome.Authorized => Result.Success(),
                AgentAuthorizationOutcome.NotAMember => LoginAgentCommandHandler.NotAMember,
                AgentAuthorizationOutcome.Unavailable => LoginAgentCommandHandler.DirectoryUnavailable,
                _ => LoginAgentCommandHandler.DirectoryNotConfigured,
            };
            displayName = answer.DisplayName ?? displayName;
            email = answer.Email;
        }

        return new AgentAuthorizationAnswer(allowed, displayName, email);
    }
}
