using Handoff.Domain.Common;

namespace Handoff.Domain.Agents;

/// <summary>The refusals of the agent aggregate (codes only; the words catalogue says them).</summary>
public static class AgentErrors
{
    public static readonly Error NotLoggedIn = new("agent.not_logged_in");

    public static readonly Error StillConnected = new("agent.still_connected");

    public static readonly Error AtCapacity = new("agent.at_capacity");

    public static readonly Error InvalidStatus = new("agent.invalid_status");

    public static readonly Error NotConnected = new("agent.not_connected");
}
