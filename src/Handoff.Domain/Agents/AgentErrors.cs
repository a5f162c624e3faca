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

    public static readonly Error NotServing = new("agent.not_serving", "You are not connected to that user.");

    public static readonly Error ChooseFocus = new("agent.choose_focus", "You are connected to several users. Choose who your message is for; nothing was sent.");

    public static readonly Error InvalidCapacity = new("agent.invalid_capacity", $"Capacity must be between 1 and {Agent.MaxCapacity}.");

    public static readonly Error TransferToSelf = new("agent.transfer_to_self", "You are already serving this user.");

    public static Error TransferTargetUnavailable(string agentName) =>
        new("agent.transfer_target_unavailable", $"{agentName} is not available to take a user.");

    public static Error TransferTargetFull(string agentName) =>
        new("agent.transfer_target_full", $"{agentName} is already serving as many users as they can take.");

    public static Error TransferTargetNotFound(string reference) =>
        new("agent.transfer_target_not_found", $"No signed-in agent is called '{reference}'.");
}
