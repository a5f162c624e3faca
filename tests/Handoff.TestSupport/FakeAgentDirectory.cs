using System.Collections.Concurrent;
using Handoff.Application.Common.Interfaces;

namespace Handoff.TestSupport;

/// <summary>A fake at the agent-directory port: members are whoever the test adds.</summary>
public sealed class FakeAgentDirectory : IAgentDirectory
{
    private readonly ConcurrentDictionary<string, string> _members = new(StringComparer.OrdinalIgnoreCase);

    public AgentAuthorizationOutcome? ForcedOutcome { get; set; }

    public int Calls { get; private set; }

    public void AddMember(string entraObjectId, string displayName) => _members[entraObjectId] = displayName;

    public void RemoveMember(string entraObjectId) => _members.TryRemove(entraObjectId, out _);

    public ValueTask<AgentAuthorization> AuthorizeAsync(string entraObjectId, CancellationToken cancellationToken)
    {
        Calls++;
        if (ForcedOutcome is { } forced)
        {
            return ValueTask.FromResult(new AgentAuthorization(forced));
        }

        return ValueTask.FromResult(_members.TryGetValue(entraObjectId, out var name)
            ? new AgentAuthorization(AgentAuthorizationOutcome.Authorized, name, $"{name.Replace(' ', '.')}@contoso.test")
            : new AgentAuthorization(AgentAuthorizationOutcome.NotAMember));
    }
}
