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

    /// <summary>An end user asks to end a chat while no agent is with them.</summary>
    public string NotTalkingWithAnAgent { get; set; } = "You are not talking with an agent right now.";

    /// <summary>Agent channels (Teams, the agent web chat): someone opened the conversation with the bot.</summary>
    public string AgentWelcome { get; set; } = "Hi! I'm the Handoff bot. Agents: type *login* to start taking conversations, or *help* for the commands.";

    /// <summary>An agent signed in ({waiting} users waiting).</summary>
    public string AgentSignedIn { get; set; } = "You're signed in as an agent (Available). {waiting} users waiting.";

    /// <summary>An agent signed in while exactly one user is waiting.</summary>
    public string AgentSignedInOneWaiting { get; set; } = "You're signed in as an agent (Available). 1 user waiting.";

    public string AgentSignedOut { get; set; } = "You're signed out. Type *login* to start again.";

    /// <summary>An agent removed from the agent group was signed out.</summary>
    public string AgentRevoked { get; set; } = "You were signed out: you are no longer a member of the agent group.";

    /// <summary>Opens and closes the agent help; the command lines in between come from the command catalogue.</summary>
    public string AgentHelpIntro { get; set; } = "Agent commands:";

    public string AgentHelpOutro { get; set; } = "While connected, anything else you type goes to the user.";

    /// <summary>An agent pressed connect with nobody waiting.</summary>
    public string QueueEmpty { get; set; } = "No users are currently waiting for an agent.";

    /// <summary>The connecting agent's briefing: {user}, {waited}, {reason}; then the recent messages, then <see cref="AgentBriefingEnd"/>.</summary>
    public string AgentBriefing { get; set; } = "You're connected to {user} (waited {waited}). Reason: {reason}.";

    public string AgentBriefingRecent { get; set; } = "Recent messages:";

    public string AgentBriefingEnd { get; set; } = "Everything you type now goes to the user. Type *disconnect* to end.";

    /// <summary>The agent, after disconnecting from {user}.</summary>
    public string AgentDisconnectedNotice { get; set; } = "Conversation with {user} ended.";

    /// <summary>The agent, after {user} ended the conversation.</summary>
    public string UserEndedNotice { get; set; } = "{user} ended the conversation.";

    /// <summary>The agent, after {user} was silent for {duration}.</summary>
    public string UserTimeoutNotice { get; set; } = "The conversation with {user} ended: the user did not reply for {duration}.";

    /// <summary>The agent, after being silent with {user} for {duration}.</summary>
    public string AgentTimeoutNotice { get; set; } = "The conversation with {user} ended: you did not reply for {duration}.";

    /// <summary>Replaces the agents' waiting card of {user} who left the queue.</summary>
    public string WaitingCardCancelled { get; set; } = "{user} left the queue.";

    /// <summary>Replaces the agents' waiting card of {user} whose queue time ran out.</summary>
    public string WaitingCardTimedOut { get; set; } = "{user} is no longer waiting (queue timeout).";

    /// <summary>Told to whoever sent a message that finally could not be delivered ({preview} of its text, {status}).</summary>
    public string NotDelivered { get; set; } = "Not delivered: \"{preview}\" could not be delivered ({status}).";

    /// <summary>Heads the card on which an agent serving several users chooses who their messages go to.</summary>
    public string FocusChoose { get; set; } = "Choose who your messages go to:";

    /// <summary>The agent's plain text was not sent: several users are live and none is chosen.</summary>
    public string FocusRequired { get; set; } = "You are connected to several users. Choose who your message is for; nothing was sent.";

    /// <summary>The agent's messages now go to {user} ({id}).</summary>
    public string FocusChanged { get; set; } = "Your messages now go to {user} ({id}).";

    /// <summary>The user a relayed message came from can be focused with one press: the button's title ({user}).</summary>
    public string FocusButton { get; set; } = "Reply to {user}";

    /// <summary>Told to the user when {agent} took over from another agent.</summary>
    public string TransferredToUser { get; set; } = "{agent} has taken over the conversation.";

    /// <summary>Told to the agent who handed {user} to {agent}.</summary>
    public string TransferredNotice { get; set; } = "{user} is now with {agent}.";

    /// <summary>Told to the agent who put {user} back in the queue.</summary>
    public string ReturnedToQueueNotice { get; set; } = "{user} is back at the head of the queue.";

    /// <summary>Told to the user put back in the queue by their agent.</summary>
    public string ReturnedToQueue { get; set; } = "You are back in the queue; the next available agent will take over.";

    /// <summary>How to use transfer.</summary>
    public string TransferUsage { get; set; } = "Type *transfer <agent name>* to hand your user to another agent, or *transfer queue* to put them back in the queue.";
}
