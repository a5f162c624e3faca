namespace Handoff.Domain.Conversations;

/// <summary>Who asked for the handoff: the end user (an intent), or an upstream bot through the Bot Framework <c>handoff.initiate</c> event.</summary>
public enum HandoffSource
{
    EndUser,
    UpstreamBot,
}
