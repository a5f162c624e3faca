using Handoff.Domain.Common;

namespace Handoff.Domain.Agents;

/// <summary>The refusals of the agent aggregate.</summary>
public static class AgentErrors
{
    public static readonly Error NotLoggedIn = new("agent.not_logged_in", "You are not signed in as an agent. Type login first.");

    public static readonly Error StillConnected = new("agent.still_connected", "You are still connected to a user. Type disconnect first.");

    public static readonly Error AtCapacity = new("agent.at_capacity", "You are already connected to as many users as you can take. Type disconnect first.");

    public static readonly Error InvalidStatus = new("agent.invalid_status", "Status must be 'available' or 'away'.");

    public static readonly Error NotConnected = new("agent.not_connected", "You are not connected to a user.");
}
