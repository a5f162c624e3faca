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

    public static readonly Error NotServing = new("agent.not_serving");

    public static readonly Error ChooseFocus = new("agent.choose_focus");

    /// <summary>The bound is <see cref="Agent.MaxCapacity"/>, a constant: the catalogue's sentence states it, no argument carries it.</summary>
    public static readonly Error InvalidCapacity = new("agent.invalid_capacity");

    public static readonly Error TransferToSelf = new("agent.transfer_to_self");

    public static Error TransferTargetUnavailable(string agentName) =>
        new("agent.transfer_target_unavailable", ("agent", agentName));

    public static Error TransferTargetFull(string agentName) =>
        new("agent.transfer_target_full", ("agent", agentName));

    public static Error TransferTargetNotFound(string reference) =>
        new("agent.transfer_target_not_found", ("reference", reference));
}
