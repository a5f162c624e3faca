using Handoff.Domain.Common;

namespace Handoff.Domain.Conversations;

/// <summary>The refusals of the conversation aggregate.</summary>
public static class ConversationErrors
{
    public static readonly Error HandoffDisabled = new("handoff.disabled", "Live agent handoff is not available right now.");

    public static readonly Error AlreadyWaiting = new("handoff.already_waiting", "You are already in the queue for an agent.");

    public static readonly Error AlreadyConnected = new("handoff.already_connected", "You are already talking with an agent.");

    public static readonly Error NotWaiting = new("handoff.not_waiting", "You are not waiting for an agent.");

    public static readonly Error NotConnected = new("handoff.not_connected", "This conversation is not connected to an agent.");

    public static Error AlreadyTaken(string userName, string agentName) =>
        new("handoff.already_taken", $"{userName} was already taken by {agentName}.");

    public static Error NoLongerWaiting(string userName) =>
        new("handoff.no_longer_waiting", $"{userName} is no longer waiting for an agent.");

    public static Error NotFound(string reference) =>
        new("conversation.not_found", $"No conversation matches '{reference}'.");
}
