using Handoff.Application.Common.Interfaces;

namespace Handoff.Infrastructure.Directory;

/// <summary>Without Microsoft Graph settings no Teams user can be verified, so every Teams login is refused with that reason.</summary>
internal sealed class UnconfiguredAgentDirectory : IAgentDirectory
{
    public ValueTask<AgentAuthorization> AuthorizeAsync(string entraObjectId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AgentAuthorization(AgentAuthorizationOutcome.NotConfigured, Detail: "agent directory not configured"));
}
