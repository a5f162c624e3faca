namespace Handoff.Domain.Conversations;

/// <summary>Where an end user is: with the bot, in the agent queue, or talking with exactly one agent.</summary>
public enum ConversationState
{
    Bot,
    Waiting,
    Connected,
}
