using Handoff.Application.Agents.ConnectFromThread;
using Handoff.Application.Agents.FocusConversation;
using Handoff.Application.Agents.TellAgent;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Application.Conversations.KeepWaiting;
using Handoff.Application.Conversations.RelayMessage;
using Handoff.Application.Conversations.ReplyWithText;
using Handoff.Application.Conversations.TellThreadBystander;
using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.HandleIncomingMessage;

/// <summary>
/// What one inbound message is, as far as the router knows before deciding: the words, the card submission, the best
/// language-model match for the speaker, and either the logged-in agent who spoke or the end user's conversation.
/// </summary>
/// <param name="Match">For an agent: the best agent-audience match. For an end user with the bot: the best end-user
/// match, or the login model's if it scores higher. For a waiting or connected end user: the best end-user match.</param>
/// <param name="Agent">The logged-in agent who spoke; null for an end user.</param>
/// <param name="LiveConversation">Where the agent's plain text goes: their focused live conversation, or their only one.</param>
/// <param name="MustChooseFocus">The agent serves several users and has focused none: plain text is sent to nobody.</param>
/// <param name="Conversation">The end user's conversation (a new id when there is none yet).</param>
/// <param name="State">The end user's conversation state (<see cref="ConversationState.Bot"/> when new).</param>
public sealed record InboundSituation(
    HandleIncomingMessageCommand Message,
    string Text,
    CardSubmission? Submission,
    ScenarioMatch? Match,
    HandoffMessages Messages,
    AgentId? Agent = null,
    ConversationId? LiveConversation = null,
    ConversationId? Conversation = null,
    ConversationState State = ConversationState.Bot,
    bool MustChooseFocus = false);

/// <summary>
/// The router's decision, a pure function of the situation and the catalogue: exactly one command per inbound message.
/// Unit-tested without a host (tests/Handoff.Application.UnitTests).
/// </summary>
public static class InboundRouter
{
    /// <summary>True when the message is not about an end-user conversation at all (someone typing <c>login</c>): no conversation is started for it.</summary>
    public static bool IsOutsideConversation(InboundSituation situation, CommandCatalogue catalogue) =>
        situation.Agent is null && EveryoneCommand(situation, catalogue) is not null;

    public static Decision Decide(InboundSituation situation, CommandCatalogue catalogue) =>
        situation.Agent is { } agent ? FromAgent(situation, agent, catalogue) : FromEndUser(situation, catalogue);

    /// <summary>
    /// Teams channel mode (ADR-037), a message in a live user's thread: Connect is a claim by whoever pressed it; the
    /// serving agent's words are theirs to that user (commands included: <c>disconnect</c>, <c>meeting</c>); nobody
    /// else is relayed.
    /// </summary>
    public static Decision DecideInThread(InboundSituation situation, CommandCatalogue catalogue, bool isConnectPress)
    {
        var message = situation.Message;
        var conversation = situation.Conversation ?? throw new InvalidOperationException("A thread message needs its user's conversation.");
        if (isConnectPress)
        {
            return Decision.Of(new ConnectFromThreadCommand(conversation, message.Address, message.From, message.Locale));
        }

        return situation.Agent is { } agent
            ? FromAgent(situation, agent, catalogue)
            : Decision.Of(new TellThreadBystanderCommand(conversation, message.Address, message.From.Id));
    }

    private static Decision FromAgent(InboundSituation situation, AgentId agent, CommandCatalogue catalogue)
    {
        var message = situation.Message;
        if (situation.Submission is { } submission)
        {
            return catalogue.ForAgent(submission.Command) is { } pressed
                ? pressed.Decide(Invocation(situation, submission[pressed.CardArgument ?? string.Empty], agent: agent))
                : Decision.Of(new TellAgentCommand(message.Address, MessageText.Fill(situation.Messages.UnknownAgentCommand, ("command", submission.Command))));
        }

        if (situation.Match is { } match)
        {
            if (catalogue.ForAgentScenario(match.ScenarioId) is { } typed)
            {
                return typed.Decide(Invocation(situation, TextArgument(situation.Text), agent: agent));
            }

            if (match.Model.ReplyText is { Length: > 0 } reply)
            {
                return Decision.Of(new TellAgentCommand(message.Address, reply));
            }
        }

        if (situation.LiveConversation is { } live)
        {
            return Decision.Of(new RelayMessageCommand(live, RelayDirection.AgentToUser, situation.Text, message.Attachments, message.ValueJson));
        }

        // Never a guess between several users: nothing is sent, and the agent is asked to choose.
        return situation.MustChooseFocus
            ? Decision.Of(new FocusConversationCommand(agent, null, NothingWasSent: true))
            : Decision.Of(new TellAgentCommand(message.Address, situation.Messages.AgentFallback));
    }

    private static Decision FromEndUser(InboundSituation situation, CommandCatalogue catalogue)
    {
        if (EveryoneCommand(situation, catalogue) is { } everyone)
        {
            // Someone becoming an agent is not an end-user conversation.
            return everyone.Decide(Invocation(situation, null));
        }

        var message = situation.Message;
        var id = situation.Conversation ?? throw new InvalidOperationException("An end user's message needs their conversation.");
        var pressed = Heard(situation.Submission is { } submission ? catalogue.ForEndUser(submission.Command) : null, situation.State);
        var typed = Heard(situation.Match is { } match ? catalogue.ForEndUserScenario(match.ScenarioId) : null, situation.State);
        switch (situation.State)
        {
            case ConversationState.Connected:
                return (pressed ?? typed)?.Decide(Invocation(situation, null, conversation: id))
                    ?? Decision.Of(new RelayMessageCommand(id, RelayDirection.UserToAgent, situation.Text, message.Attachments, message.ValueJson));
            case ConversationState.Waiting:
                return (pressed ?? typed)?.Decide(Invocation(situation, null, conversation: id))
                    ?? Decision.Of(new KeepWaitingCommand(id, situation.Text, message.Attachments));
        }

        // With the bot, a card button decides alone; an unknown one is said so rather than matched as words.
        if (situation.Submission is { } unknown)
        {
            return pressed?.Decide(Invocation(situation, null, conversation: id))
                ?? Decision.Of(new ReplyWithTextCommand(id, MessageText.Fill(situation.Messages.UnknownUserCommand, ("command", unknown.Command))));
        }

        return typed?.Decide(Invocation(situation, null, conversation: id))
            ?? Decision.Of(new ReplyWithTextCommand(id, situation.Match?.Model.ReplyText is { Length: > 0 } reply ? reply : situation.Messages.Fallback));
    }

    private static CommandEntry? Heard(CommandEntry? entry, ConversationState state) => entry is not null && entry.HeardWhile.Contains(state) ? entry : null;

    /// <summary>
    /// A command for everyone (<c>login</c>) asked by someone who is not a logged-in agent: pressed in any state, typed
    /// only while with the bot (to a waiting or connected user's words it is not listened for).
    /// </summary>
    private static CommandEntry? EveryoneCommand(InboundSituation situation, CommandCatalogue catalogue)
    {
        var pressed = situation.Submission is { } submission ? catalogue.ForEndUser(submission.Command) : null;
        var typed = situation.State == ConversationState.Bot && situation.Match is { } match ? catalogue.ForEndUserScenario(match.ScenarioId) : null;
        return pressed is { Audience: Audience.Any } ? pressed : typed is { Audience: Audience.Any } ? typed : null;
    }

    private static Invocation Invocation(InboundSituation situation, string? argument, AgentId? agent = null, ConversationId? conversation = null) =>
        new(situation.Message.Address, situation.Message.From, argument, situation.Messages, agent, conversation, situation.Message.Locale);

    /// <summary>Typed, a command's argument is what follows its first word (<c>connect 3f2a</c>, <c>status away</c>).</summary>
    public static string? TextArgument(string text)
    {
        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length > 1 ? words[1] : null;
    }
}
