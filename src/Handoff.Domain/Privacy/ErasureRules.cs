using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Domain.Privacy;

/// <summary>
/// When an end user's data may be removed. A conversation that is waiting for or talking with an agent is still in
/// use: its transcript is what the agent reads and its address is where replies go, so neither erasure nor retention
/// removes it. It can be erased once it has ended (the agent disconnects, the user leaves, or a timeout ends it).
/// </summary>
public static class ErasureRules
{
    public static readonly Error StillActive = new("conversation.still_active");

    public static bool IsInUse(ConversationState state) => state is ConversationState.Waiting or ConversationState.Connected;

    public static Result EnsureCanBeErased(ConversationState state) => IsInUse(state) ? StillActive : Result.Success();
}
