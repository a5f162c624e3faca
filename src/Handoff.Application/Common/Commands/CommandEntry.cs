using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Common.Commands;

/// <summary>
/// Everything Handoff knows about one command someone can type or press, written once next to its handler (in the use
/// case's file): the scenario a language model maps to it, who may use it, its default language model, how its
/// argument is read, its help line and its options-card buttons. The router, <c>help</c>, the options card, the
/// built-in language models and <c>GET /scenarios</c> all read this; nothing else lists commands.
/// Entries are found like validators: every public non-abstract subclass in the assemblies given to
/// <see cref="CommandCatalogue"/>.
/// </summary>
public abstract class CommandEntry(
    string scenarioId,
    string word,
    Audience audience,
    string description,
    string modelName,
    IReadOnlyList<string> patterns,
    int order,
    Func<HandoffMessages, string>? helpLine = null,
    string? cardArgument = null,
    IReadOnlyList<CardButton>? buttons = null,
    IReadOnlyList<ConversationState>? heardWhile = null)
{
    /// <summary>The scenario id a language model maps to (<c>builtin/agent_whoami</c>); stored in the database, never renamed.</summary>
    public string ScenarioId { get; } = scenarioId;

    /// <summary>The word a card button submits as <c>{"command": word}</c>; the same word people type.</summary>
    public string Word { get; } = word;

    /// <summary>Who may use it: agents, end users, or (<see cref="Audience.Any"/>) everyone, e.g. <c>login</c>.</summary>
    public Audience Audience { get; } = audience;

    /// <summary>Shown by <c>GET /scenarios</c>.</summary>
    public string Description { get; } = description;

    public string ModelName { get; } = modelName;

    /// <summary>The default language model's patterns. Agent commands are anchored so that a sentence to a user is relayed, not obeyed.</summary>
    public IReadOnlyList<string> Patterns { get; } = patterns;

    /// <summary>Where the entry stands in the help text, the options card and the seeded models.</summary>
    public int Order { get; } = order;

    /// <summary>
    /// Which text of the words catalogue is the help line (markdown) in agent help, or for end-user commands in end-user
    /// help; null to leave it out. A text, not a sentence, so an operator can reword it per locale like any other.
    /// </summary>
    public Func<HandoffMessages, string>? HelpLine { get; } = helpLine;

    /// <summary>The card submission field that carries the argument (typed, the argument is the text after the word).</summary>
    public string? CardArgument { get; } = cardArgument;

    /// <summary>Buttons on the agent options card.</summary>
    public IReadOnlyList<CardButton> Buttons { get; } = buttons ?? [];

    /// <summary>End-user commands: the conversation states in which the command is heard (elsewhere the words are relayed or kept for the agent).</summary>
    public IReadOnlyList<ConversationState> HeardWhile { get; } = heardWhile ?? [ConversationState.Bot];

    public bool IsForAgents => Audience is Audience.Agent or Audience.Any;

    public bool IsForEndUsers => Audience is Audience.EndUser or Audience.Any;

    /// <summary>The command to run for this invocation, with the way to run it.</summary>
    public abstract Decision Decide(Invocation invocation);
}

/// <summary>An entry whose command is <typeparamref name="TCommand"/>; its handler runs in the inbound message's unit of work.</summary>
public abstract class CommandEntry<TCommand>(
    string scenarioId,
    string word,
    Audience audience,
    string description,
    string modelName,
    IReadOnlyList<string> patterns,
    int order,
    Func<HandoffMessages, string>? helpLine = null,
    string? cardArgument = null,
    IReadOnlyList<CardButton>? buttons = null,
    IReadOnlyList<ConversationState>? heardWhile = null)
    : CommandEntry(scenarioId, word, audience, description, modelName, patterns, order, helpLine, cardArgument, buttons, heardWhile)
    where TCommand : ICommand<Result>
{
    public sealed override Decision Decide(Invocation invocation) => Decision.Of(Create(invocation));

    /// <summary>Builds the command from who spoke and the argument.</summary>
    protected abstract TCommand Create(Invocation invocation);
}

/// <summary>A button on the agent options card: <c>{"command": entry word, ...Data}</c>.</summary>
/// <remarks><paramref name="Title"/> picks the button's title from the words catalogue, read in the reader's locale.</remarks>
public sealed record CardButton(Func<HandoffMessages, string> Title, params (string Key, string Value)[] Data);

/// <summary>
/// One use of a command: who (a logged-in agent, or an end user's conversation), from where, and its argument (the text
/// after the word, or the entry's card field). <paramref name="Messages"/> are already in the speaker's
/// <paramref name="Locale"/>.
/// </summary>
public sealed record Invocation(
    ChannelAddress Address,
    Sender From,
    string? Argument,
    HandoffMessages Messages,
    AgentId? Agent = null,
    ConversationId? Conversation = null,
    string? Locale = null)
{
    public AgentId AgentId => Agent ?? throw new InvalidOperationException("This command is for agents: no agent spoke.");

    public ConversationId ConversationId => Conversation ?? throw new InvalidOperationException("This command is for end users: no conversation.");
}
