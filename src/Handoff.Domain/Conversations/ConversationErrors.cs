using Handoff.Domain.Common;

namespace Handoff.Domain.Conversations;

/// <summary>The refusals of the conversation aggregate (codes and their data; the words catalogue says them).</summary>
public static class ConversationErrors
{
    public static readonly Error HandoffDisabled = new("handoff.disabled");

    public static readonly Error AlreadyWaiting = new("handoff.already_waiting");

    public static readonly Error AlreadyConnected = new("handoff.already_connected");

    public static readonly Error NotWaiting = new("handoff.not_waiting");

    public static readonly Error NotConnected = new("handoff.not_connected");

    public static Error AlreadyTaken(string userName, string agentName) =>
        new("handoff.already_taken", ("user", userName), ("agent", agentName));

    public static Error NoLongerWaiting(string userName) =>
        new("handoff.no_longer_waiting", ("user", userName));

    public static Error NotFound(string reference) =>
        new("conversation.not_found", ("reference", reference));
}
