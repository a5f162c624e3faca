using System.Reflection;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Application.Common.Settings;

/// <summary>
/// Every text Handoff says (<c>Handoff:Messages:*</c>), the words for every refusal code
/// (<c>Handoff:Messages:Errors:&lt;code&gt;</c>), and their per-locale overrides (<c>Handoff:Messages:de-DE:*</c>, then
/// <c>Handoff:Messages:de:*</c>, then the default). Placeholders in braces are filled in: {position}, {wait}, {agent},
/// {user}, {reason}.
/// </summary>
public sealed class HandoffMessages
{
    private static readonly PropertyInfo[] s_texts =
        [.. typeof(HandoffMessages).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string) && p.CanWrite)];

    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _locales =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>The end users' help: {commands} is every end-user command's help line from the command catalogue.</summary>
    public string Help { get; set; } = "{commands}";

    /// <summary>Teams channel mode: a channel member who is not an authorized agent pressed Connect in a user's thread.</summary>
    public string ThreadNotAnAgent { get; set; } = "Sorry, only Handoff agents can take a user. Ask your administrator if you should be one.";

    /// <summary>Teams channel mode: said once to a member who writes in a thread they do not serve ({user}).</summary>
    public string ThreadBystander { get; set; } = "Only the agent serving {user} is relayed from this thread; your messages here are not sent to them.";

    /// <summary>Teams channel mode: posted in the thread when an agent takes the user ({agent}, {user}).</summary>
    public string ThreadConnected { get; set; } = "{agent} is now chatting with {user}. {agent}: @mention Handoff in this thread to reply; *disconnect* ends it.";

    /// <summary>Teams channel mode: the closing card of a user's thread ({user}).</summary>
    public string ThreadClosed { get; set; } = "The conversation with {user} has ended. This thread is closed; if {user} asks again, a new thread opens.";

    /// <summary>Teams: the 1:1 waiting-user notice when the user also has a thread in the agent channel ({user}).</summary>
    public string AlsoInAgentChannel { get; set; } = "{user} is waiting (also in the agent channel).";

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

    // Each command's help line (markdown) and options-card button titles, named after the word people type. The
    // command entries name these texts (CommandEntry.HelpLine, CardButton.Title); help and the options card read them
    // in the reader's locale.

    /// <summary>End-user help: how to ask for a person (<c>agent</c>).</summary>
    public string AskForAgentHelpLine { get; set; } = "I can connect you with a person: type *agent*.";

    /// <summary>End-user help: <c>cancel</c>.</summary>
    public string CancelHelpLine { get; set; } = "While you wait, type *cancel* to leave the queue.";

    /// <summary>End-user help: <c>end chat</c>.</summary>
    public string EndChatHelpLine { get; set; } = "When talking with an agent, type *end chat* to finish.";

    /// <summary>Agent help: <c>list</c>, then its options-card button.</summary>
    public string ListHelpLine { get; set; } = "**list** — waiting users, live conversations, recent bot chats";

    public string ListButton { get; set; } = "List";

    /// <summary>Agent help: <c>connect</c>, then its options-card button.</summary>
    public string ConnectHelpLine { get; set; } = "**connect** — take the longest-waiting user (**connect <id>** for a given one)";

    public string ConnectButton { get; set; } = "Connect";

    /// <summary>Agent help: <c>focus</c>.</summary>
    public string FocusHelpLine { get; set; } = "**focus <id or name>** — send your messages to that user (with several users at once)";

    /// <summary>Agent help: <c>disconnect</c>, then its options-card button.</summary>
    public string DisconnectHelpLine { get; set; } = "**disconnect** — end the focused conversation (**disconnect <id>** for a given one)";

    public string DisconnectButton { get; set; } = "Disconnect";

    /// <summary>Agent help: <c>transfer</c>, then its options-card button (<c>transfer queue</c>).</summary>
    public string TransferHelpLine { get; set; } = "**transfer <agent name>** — hand the focused user to another agent (**transfer queue** puts them back in the queue)";

    public string TransferToQueueButton { get; set; } = "Back to the queue";

    /// <summary>Agent help: <c>meeting</c>, then its options-card button.</summary>
    public string MeetingHelpLine { get; set; } = "**meeting** — send the user a Microsoft Teams meeting link";

    public string MeetingButton { get; set; } = "Meeting";

    /// <summary>Agent help: <c>status</c>, then its two options-card buttons.</summary>
    public string StatusHelpLine { get; set; } = "**status available** / **status away** — presence";

    public string StatusAvailableButton { get; set; } = "Available";

    public string StatusAwayButton { get; set; } = "Away";

    /// <summary>Agent help: <c>options</c>.</summary>
    public string OptionsHelpLine { get; set; } = "**options** — the buttons";

    /// <summary>Agent help: <c>whoami</c>.</summary>
    public string WhoAmIHelpLine { get; set; } = "**whoami** — how Handoff sees you";

    /// <summary>Agent help: <c>logout</c>, then its options-card button.</summary>
    public string LogoutHelpLine { get; set; } = "**logout** — sign out";

    public string LogoutButton { get; set; } = "Logout";

    /// <summary>The options-card button for the agent <c>help</c>.</summary>
    public string HelpButton { get; set; } = "Help";

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

    /// <summary>A button on the choose card: a live user, {user} and short {id}.</summary>
    public string FocusChoice { get; set; } = "{user} ({id})";

    /// <summary>A button on the choose card: the live user the agent's messages go to now, {user} and short {id}.</summary>
    public string FocusChoiceFocused { get; set; } = "{user} ({id}) — focused";

    /// <summary>The conversation list, serving several users: one of the agent's own live users, {user} and short {id}.</summary>
    public string FocusListLine { get; set; } = "• {user} ({id}) — yours";

    /// <summary>The conversation list, serving several users: the agent's focused live user, {user} and short {id}.</summary>
    public string FocusListFocusedLine { get; set; } = "• {user} ({id}) — yours, focused";

    /// <summary>The conversation list's focus button for one of the agent's live users, {user} and short {id}.</summary>
    public string FocusListButton { get; set; } = "Focus {user} ({id})";

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

    /// <summary><c>whoami</c>: how Handoff sees the agent ({agent}, {status}, {channel}, {connected} of {capacity}).</summary>
    public string AgentWhoAmI { get; set; } = "You are {agent} ({status}) on {channel}, in {connected} of {capacity} conversation(s).";

    /// <summary>Said in <see cref="AgentWhoAmI"/> for an agent whose channel is not known yet.</summary>
    public string UnknownChannel { get; set; } = "unknown channel";

    /// <summary><c>status</c> without an argument: the agent's {status}.</summary>
    public string AgentStatusIs { get; set; } = "Your status is {status}. Type *status available* or *status away* to change it.";

    /// <summary>The agent's new {status} (Available).</summary>
    public string AgentStatusNow { get; set; } = "Your status is now {status}.";

    /// <summary>The agent's new {status} (Away): no more waiting-user notices.</summary>
    public string AgentStatusNowAway { get; set; } = "Your status is now {status}. You won't be told about new waiting users.";

    /// <summary>The text beside the agent options card (channels that show no cards).</summary>
    public string AgentOptionsSummary { get; set; } = "Agent options";

    /// <summary>Told to the agent: the meeting exists ({organizer}, {user}, {url}).</summary>
    public string MeetingCreated { get; set; } = "Meeting created (organizer: {organizer}). Link sent to {user}: {url}";

    /// <summary>The {organizer} of <see cref="MeetingCreated"/> when the default organizer created the meeting.</summary>
    public string MeetingDefaultOrganizer { get; set; } = "the default organizer";

    /// <summary>The text beside the meeting invitation card the user gets ({agent}, {url}).</summary>
    public string MeetingInvitation { get; set; } = "{agent} invites you to a Microsoft Teams meeting: {url}";

    /// <summary>The reason said for a user who gave none (the waiting card, the conversation list, the agent's briefing).</summary>
    public string DefaultReason { get; set; } = "asked for an agent";

    /// <summary>The reason an upstream bot's <c>handoff.initiate</c> carries when it gives none (stored with the conversation).</summary>
    public string UpstreamBotReason { get; set; } = "handed over by the bot";

    /// <summary>The agent options card's title ({agent}).</summary>
    public string AgentOptionsTitle { get; set; } = "Agent options — {agent}";

    /// <summary>The agent options card's status line ({status}, {waiting} users waiting).</summary>
    public string AgentOptionsStatus { get; set; } = "Status: {status}. Users waiting: {waiting}.";

    /// <summary>The waiting-user card's title ({user}).</summary>
    public string WaitingCardTitle { get; set; } = "{user} is waiting";

    /// <summary>The text with the waiting-user card ({user}).</summary>
    public string WaitingCardSummary { get; set; } = "{user} is waiting.";

    /// <summary>The waiting-user card's facts: how long the user waited, why, the short id.</summary>
    public string WaitingCardWaitedLabel { get; set; } = "Waiting";

    public string WaitingCardReasonLabel { get; set; } = "Reason";

    public string WaitingCardIdLabel { get; set; } = "Id";

    /// <summary>The waiting-user card's button.</summary>
    public string WaitingCardConnectButton { get; set; } = "Connect";

    /// <summary>Replaces the waiting-user card once {agent} took {user}: its title, then its line.</summary>
    public string WaitingCardTakenTitle { get; set; } = "{user} — taken by {agent}";

    public string WaitingCardTakenText { get; set; } = "{agent} is talking with {user}.";

    /// <summary>The button under the user's queue notice.</summary>
    public string LeaveQueueButton { get; set; } = "Leave the queue";

    /// <summary>The meeting invitation card's title ({agent}), then its button.</summary>
    public string MeetingInvitationTitle { get; set; } = "{agent} invites you to a Microsoft Teams meeting";

    public string JoinMeetingButton { get; set; } = "Join meeting";

    /// <summary>The online meeting's subject in Microsoft Teams ({user}).</summary>
    public string MeetingSubject { get; set; } = "Support conversation with {user}";

    /// <summary>The conversation list card: its title and section headings.</summary>
    public string ConversationListTitle { get; set; } = "Conversations";

    public string ConversationListWaiting { get; set; } = "Waiting:";

    public string ConversationListNobodyWaiting { get; set; } = "Waiting: nobody.";

    public string ConversationListConnected { get; set; } = "Connected:";

    public string ConversationListNoneConnected { get; set; } = "Connected: none.";

    public string ConversationListRecent { get; set; } = "Recent bot chats:";

    /// <summary>A waiting user in the list: {position}, {user}, short {id}, {wait} so far, {reason}.</summary>
    public string ConversationListWaitingLine { get; set; } = "{position}. {user} ({id}) — waiting {wait} — {reason}";

    /// <summary>A live conversation in the list: {user}, short {id}, with {agent}.</summary>
    public string ConversationListConnectedLine { get; set; } = "{user} ({id}) with {agent}";

    /// <summary>A recent bot chat in the list: {user}, short {id}, on {channel}, last active {ago}.</summary>
    public string ConversationListRecentLine { get; set; } = "{user} ({id}) on {channel}, {ago} ago";

    /// <summary>The text with the conversation list card ({waiting}, {connected} counts).</summary>
    public string ConversationListSummary { get; set; } = "{waiting} waiting, {connected} connected.";

    /// <summary>The list's button that takes the first waiting user.</summary>
    public string ConnectNextButton { get; set; } = "Connect to the next user";

    /// <summary>An upstream bot hears <c>handoff.status</c> "failed" with this when the user left the queue.</summary>
    public string UpstreamUserLeftQueue { get; set; } = "The user left the queue.";

    /// <summary>An upstream bot hears <c>handoff.status</c> "failed" with this when the queue time ran out.</summary>
    public string UpstreamQueueTimedOut { get; set; } = "No agent was available in time.";

    /// <summary>A relayed user message that has no text, only attachments ({user}).</summary>
    public string RelayedAttachmentsOnly { get; set; } = "**{user}** sent:";

    /// <summary>A relayed card submission: the user's {text} and the submitted {value}.</summary>
    public string RelayedSubmission { get; set; } = "{text} (submitted: {value})";

    /// <summary>
    /// The sentence for each refusal code (<see cref="Error.Code"/>), its {placeholders} filled from the error's arguments.
    /// Keys are the codes: <c>Handoff:Messages:Errors:agent.not_logged_in</c>.
    /// </summary>
    public Dictionary<string, string> Errors { get; set; } = new(StringComparer.Ordinal)
    {
        ["agent.not_logged_in"] = "You are not signed in as an agent. Type login first.",
        ["agent.still_connected"] = "You are still connected to a user. Type disconnect first.",
        ["agent.at_capacity"] = "You are already connected to as many users as you can take. Type disconnect first.",
        ["agent.invalid_status"] = "Status must be 'available' or 'away'.",
        ["agent.not_connected"] = "You are not connected to a user.",
        ["agent.not_serving"] = "You are not connected to that user.",
        ["agent.choose_focus"] = "You are connected to several users. Choose who your message is for; nothing was sent.",
        ["agent.invalid_capacity"] = $"Capacity must be between 1 and {Agent.MaxCapacity}.",
        ["agent.transfer_to_self"] = "You are already serving this user.",
        ["agent.transfer_target_unavailable"] = "{agent} is not available to take a user.",
        ["agent.transfer_target_full"] = "{agent} is already serving as many users as they can take.",
        ["agent.transfer_target_not_found"] = "No signed-in agent is called '{reference}'.",
        ["agent.not_found"] = "No agent has the id {id}.",
        ["agent_key.not_found"] = "No agent key has the id {id}.",
        ["agent.login.no_identity"] = "Only members of the agent group in Microsoft Teams, or agents signed in to the agent web chat, can log in as agents.",
        ["agent.login.not_authenticated"] = "This channel is not authenticated, so you cannot log in as an agent here.",
        ["agent.login.wrong_tenant"] = "Sorry, only people from this organization can log in as agents.",
        ["agent.login.tenant_not_configured"] = "Agent login from Teams is not configured on this server (Teams:TenantId is missing).",
        ["agent.login.not_member"] = "Sorry, you are not authorized to act as an agent. Ask your administrator to add you to the agent group.",
        ["agent.login.directory_unavailable"] = "I cannot verify agent membership right now. Please try again in a minute.",
        ["agent.login.directory_not_configured"] = "Agent login from Teams is not available: the agent directory (Microsoft Graph) is not configured on this server.",
        ["handoff.disabled"] = "Live agent handoff is not available right now.",
        ["handoff.already_waiting"] = "You are already in the queue for an agent.",
        ["handoff.already_connected"] = "You are already talking with an agent.",
        ["handoff.not_waiting"] = "You are not waiting for an agent.",
        ["handoff.not_connected"] = "This conversation is not connected to an agent.",
        ["handoff.already_taken"] = "{user} was already taken by {agent}.",
        ["handoff.no_longer_waiting"] = "{user} is no longer waiting for an agent.",
        ["handoff.busy"] = "Many agents are connecting right now. Please try again.",
        ["transfer.busy"] = "Others are changing this conversation right now. Please try again.",
        ["conversation.not_found"] = "No conversation matches '{reference}'.",
        ["conversation.still_active"] = "The conversation is waiting for or talking with an agent; it can be erased once it has ended.",
        ["end_user.not_found"] = "Nothing is stored for this end user.",
        ["conversation.ambiguous"] = "More than one conversation starts with '{reference}'. Type more of its id.",
        ["language_model.name_required"] = "A language model needs a name.",
        ["language_model.patterns_required"] = "A language model needs at least one pattern.",
        ["language_model.scenario_required"] = "A language model must map to a scenario.",
        ["language_model.builtin"] = "Built-in language models can be disabled or remapped, not deleted.",
        ["language_model.invalid_pattern"] = "The pattern '{pattern}' is not a valid regular expression: {reason}",
        ["language_model.empty_pattern"] = "The pattern '{pattern}' is not a valid regular expression: it is empty.",
        ["language_model.pattern_too_long"] = "The pattern '{pattern}' is not a valid regular expression: it is longer than {max} characters.",
        ["language_model.not_found"] = "No language model has the id {id}.",
        ["activity.duplicate"] = "This activity was already processed.",
        ["meeting.no_organizer"] = "No meeting could be created: you have no Microsoft Entra ID account to organize it, and no default meeting organizer is configured (Teams:DefaultMeetingOrganizerObjectId).",
        ["meeting.failed"] = "No meeting could be created: {why}.{hint}",
        ["meeting.failed.organizer_not_permitted"] = "the organizer is not allowed to create meetings through this app (no Teams application access policy or licence)",
        ["meeting.failed.organizer_not_found"] = "the organizer is not known in the directory",
        ["meeting.failed.not_configured"] = "Microsoft Graph is not configured on this server",
        ["meeting.failed.unavailable"] = "Microsoft Teams cannot be reached right now; try again in a minute",
        ["meeting.failed.no_default_organizer"] = " No default meeting organizer is configured (Teams:DefaultMeetingOrganizerObjectId).",
    };

    /// <summary>The sentence for a refusal; an unknown code is said as itself, so a missing entry is visible, not silent.</summary>
    public string Render(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var template = Errors.TryGetValue(error.Code, out var words) ? words : error.Code;
        return MessageText.Fill(template, [.. error.Arguments.Select(a => (a.Name, (object?)a.Value))]);
    }

    /// <summary>
    /// Sets the per-locale overrides: locale tag → (text name or <c>Errors:&lt;code&gt;</c> → text). Configuration reads them
    /// from the <c>Handoff:Messages:&lt;locale&gt;</c> sections.
    /// </summary>
    public void UseLocaleOverrides(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        _locales = new Dictionary<string, IReadOnlyDictionary<string, string>>(overrides, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The locales that override at least one text.</summary>
    public IReadOnlyCollection<string> OverriddenLocales() => [.. _locales.Keys];

    /// <summary>
    /// The words for a reader of <paramref name="locale"/>: its own overrides, then its language's
    /// (<c>de</c> for <c>de-DE</c>), then the default. Without a locale, or without overrides for it, the default.
    /// </summary>
    public HandoffMessages For(string? locale)
    {
        if (!LocaleTag.IsValid(locale))
        {
            return this;
        }

        var language = LocaleTag.Language(locale!);
        var byLanguage = string.Equals(language, locale, StringComparison.OrdinalIgnoreCase) ? null : _locales.GetValueOrDefault(language);
        var byTag = _locales.GetValueOrDefault(locale!);
        if (byLanguage is null && byTag is null)
        {
            return this;
        }

        var words = new HandoffMessages { Errors = new Dictionary<string, string>(Errors, StringComparer.Ordinal) };
        foreach (var text in s_texts)
        {
            text.SetValue(words, text.GetValue(this));
        }

        Apply(words, byLanguage);
        Apply(words, byTag);
        return words;
    }

    private static void Apply(HandoffMessages words, IReadOnlyDictionary<string, string>? overrides)
    {
        const string ErrorPrefix = "Errors:";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(ErrorPrefix, StringComparison.OrdinalIgnoreCase))
            {
                words.Errors[key[ErrorPrefix.Length..]] = value;
            }
            else if (s_texts.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)) is { } text)
            {
                text.SetValue(words, value);
            }
        }
    }
}
