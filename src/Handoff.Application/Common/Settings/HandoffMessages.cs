namespace Handoff.Application.Common.Settings;

/// <summary>
/// Every text Handoff says (<c>Handoff:Messages:*</c>). Placeholders in braces are filled in:
/// {position}, {wait}, {agent}, {user}, {reason}.
/// </summary>
public sealed class HandoffMessages
{
    public string Welcome { get; set; } = "Hi! I'm the assistant. Type *agent* at any time to talk to a person.";

    public string Waiting { get; set; } = "I'm connecting you to an agent. You're number {position} in the queue (estimated wait about {wait}). Type *cancel* to leave the queue.";

    public string StillWaiting { get; set; } = "You're still number {position} in the queue.";

    public string NoAgentsOnline { get; set; } = "No agents are online right now. You'll stay in the queue and someone will be with you as soon as possible.";

    public string AgentConnected { get; set; } = "You're now chatting with {agent} (agent).";

    public string AgentLeft { get; set; } = "{agent} has left the conversation. You're back with the assistant.";

    public string HandoffCancelled { get; set; } = "You've left the queue. You're back with the assistant.";

    public string QueueTimeout { get; set; } = "Sorry, no agent could take your conversation in time. You're back with the assistant.";

    public string QueueTimeoutFallback { get; set; } = "You can leave a message here or call us, and we'll get back to you.";

    public string UserTimeout { get; set; } = "The conversation with {agent} ended because there was no reply for a while. You're back with the assistant.";

    public string AgentTimeout { get; set; } = "The conversation with {agent} ended because the agent did not reply for a while. You're back with the assistant.";

    public string UserEnded { get; set; } = "You ended the conversation with {agent}. You're back with the assistant.";

    public string HandoffDisabled { get; set; } = "Sorry, talking to a person isn't available right now.";

    public string Fallback { get; set; } = "Sorry, I didn't get that. Type *agent* to talk to a person, or *help*.";

    public string Help { get; set; } = "I can connect you with a person: type *agent*. While you wait, type *cancel* to leave the queue. When talking with an agent, type *end chat* to finish.";

    public string AgentFallback { get; set; } = "I didn't get that. Type *help* for the agent commands.";

    /// <summary>An agent pressed a button whose command Handoff does not know ({command}).</summary>
    public string UnknownAgentCommand { get; set; } = "Unknown command '{command}'. Type *help* for the agent commands.";

    /// <summary>An end user pressed a button whose command Handoff does not know ({command}).</summary>
    public string UnknownUserCommand { get; set; } = "Unknown command '{command}'.";

    /// <summary>Told to whoever sent a message that finally could not be delivered ({preview} of its text, {status}).</summary>
    public string NotDelivered { get; set; } = "Not delivered: \"{preview}\" could not be delivered ({status}).";
}
