using Handoff.Application.Agents;
using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.LoginAgent;
using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.HandleIncomingMessage;

/// <summary>
/// The single entry for every inbound message from any channel: one message is one pipeline run and one save. The
/// handler gathers the situation (who spoke, their conversation, the language-model match), <see cref="InboundRouter"/>
/// decides the one command, and that command's handler runs here directly, in this unit of work (ADR-008).
/// </summary>
/// <param name="Locale">The activity's <c>locale</c> (a BCP-47 tag such as <c>de-DE</c>), if the channel sent one: the
/// reply is worded for it, and it is kept on the conversation (or the agent) for what they are told later.</param>
/// <param name="InChannel">Teams: the message was written in a team channel (<c>conversationType</c> "channel"), where
/// only the agent channel's threads are listened to (ADR-037).</param>
public sealed record HandleIncomingMessageCommand(
    ChannelAddress Address,
    Sender From,
    string? Text,
    string? ValueJson,
    IReadOnlyList<InboundAttachment> Attachments,
    string? ActivityId,
    string? Locale = null,
    bool InChannel = false) : ICommand<Result>, IIdempotentCommand, IRetryOnConflict
{
    public string ChannelId => Address.ChannelId;
}

public sealed class HandleIncomingMessageCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    ILanguageModelRepository languageModels,
    ITranscriptRepository transcripts,
    IHandoffSettings settings,
    CommandCatalogue catalogue,
    IServiceProvider services,
    TimeProvider clock) : ICommandHandler<HandleIncomingMessageCommand, Result>
{
    public async ValueTask<Result> Handle(HandleIncomingMessageCommand command, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken);
        var text = command.Text?.Trim() ?? string.Empty;
        var submission = CardSubmission.Parse(command.ValueJson);
        var threshold = current.Handoff.LanguageModels.Threshold;

        // An agent is its channel account together with how it authenticated: the same id without that proof is a user
        // (a web chat user's message, the most common one, needs no agent read at all).
        var agent = Agent.MayBeReachedBy(command.From.IsVerifiedAgent, command.From.IsAuthenticated)
            && await agents.FindByChannelAccountAsync(AgentKeys.For(command.Address.ChannelId, command.From.Id), cancellationToken) is { } found
            && found.IsReachedBy(command.From.IsVerifiedAgent, command.From.IsAuthenticated, command.From.EntraObjectId) ? found : null;
        agent?.UseLocale(command.Locale);
        var words = current.Handoff.Messages.For(command.Locale);
        if (command.InChannel)
        {
            return await InAgentChannelAsync(command, text, submission, agent, words, threshold, cancellationToken);
        }
        if (agent is { IsLoggedIn: true })
        {
            // Plain text goes to the agent's focus (or only user); with several live users and none focused, to nobody.
            var recipient = agent.PlainTextRecipient();
            var asAgent = new InboundSituation(
                command, text, submission, await MatchAsync(Audience.Agent, text, threshold, cancellationToken), words,
                Agent: agent.Id, LiveConversation: recipient.IsSuccess ? recipient.Value : null, MustChooseFocus: recipient.Error == AgentErrors.ChooseFocus);
            return await InboundRouter.Decide(asAgent, catalogue).RunAsync(services, cancellationToken);
        }

        var existing = await conversations.FindByAddressAsync(command.Address.ChannelId, command.Address.ConversationId, cancellationToken);
        var state = existing?.State ?? ConversationState.Bot;
        var match = state == ConversationState.Bot ? await MatchWithBotAsync(text, threshold, cancellationToken) : await MatchAsync(Audience.EndUser, text, threshold, cancellationToken);
        var situation = new InboundSituation(command, text, submission, match, words, Conversation: existing?.Id ?? ConversationId.New(), State: state);
        if (!InboundRouter.IsOutsideConversation(situation, catalogue))
        {
            // What belongs to the message itself is staged here; the decided command's one save commits it with its own changes.
            var conversation = existing ?? Start(command, situation.Conversation!.Value);
            conversation.UpdateAddress(command.Address, command.From.Name);
            conversation.UseLocale(command.Locale);
            if (state == ConversationState.Bot && text.Length > 0)
            {
                // With the bot, the user's words are kept too: the agent who connects later sees why they asked.
                transcripts.Add(conversation.RecordUserMessage(text, null, clock.GetUtcNow()));
            }
        }

        return await InboundRouter.Decide(situation, catalogue).RunAsync(services, cancellationToken);
    }

    /// <summary>
    /// A message in a team channel: a Connect press on a user's thread card, or words in a live user's thread. Anything
    /// else written in the channel is not Handoff's business and is left alone.
    /// </summary>
    private async Task<Result> InAgentChannelAsync(
        HandleIncomingMessageCommand command, string text, CardSubmission? submission, Agent? agent, Common.Settings.HandoffMessages words, double threshold, CancellationToken cancellationToken)
    {
        // The press carries its user (the thread's id may not be recorded yet when the first agent is quick).
        var pressed = submission is not null && submission.Command == AcceptHandoffCommandEntry.SubmitWord &&
                      Guid.TryParse(submission[AcceptHandoffCommandEntry.ConversationIdField], out var pressedId)
            ? await conversations.FindAsync(new ConversationId(pressedId), cancellationToken)
            : null;
        var thread = pressed ?? await conversations.FindByAgentThreadAsync(command.Address.ConversationId, cancellationToken);
        var elsewhere = pressed?.AgentThreadId is { } pressedThread && pressedThread != command.Address.ConversationId;
        if (thread is not { HasLiveAgentThread: true } || elsewhere)
        {
            return Result.Success();
        }

        var serving = agent is { IsLoggedIn: true } && thread.State == ConversationState.Connected && thread.AgentId == agent.Id;
        if (serving)
        {
            // Writing in a user's thread is talking to that user: it is the agent's focus.
            agent!.Focus(thread.Id);
        }

        var situation = new InboundSituation(
            command, text, submission, serving ? await MatchAsync(Audience.Agent, text, threshold, cancellationToken) : null, words,
            Agent: serving ? agent!.Id : null, LiveConversation: serving ? thread.Id : null, Conversation: thread.Id, State: thread.State);
        return await InboundRouter.DecideInThread(situation, catalogue, isConnectPress: pressed is not null).RunAsync(services, cancellationToken);
    }

    private Conversation Start(HandleIncomingMessageCommand command, ConversationId id)
    {
        var conversation = Conversation.Start(id, command.Address, command.From.Name, clock.GetUtcNow());
        conversations.Add(conversation);
        return conversation;
    }

    /// <summary>
    /// An end user's utterance to the bot. <c>login</c> is how someone becomes an agent, so models mapped to the login
    /// scenario are heard from everyone, whatever their audience.
    /// </summary>
    private async Task<ScenarioMatch?> MatchWithBotAsync(string text, double threshold, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var models = await languageModels.ListAsync(cancellationToken);
        var asUser = LanguageModelMatcher.Match(models, Audience.EndUser, text, threshold);
        var asLogin = LanguageModelMatcher.Match(models.Where(m => m.ScenarioId == LoginAgentCommandEntry.Scenario), Audience.Agent, text, threshold);
        return asLogin is not null && (asUser is null || asLogin.Confidence > asUser.Confidence) ? asLogin : asUser;
    }

    private async Task<ScenarioMatch?> MatchAsync(Audience audience, string text, double threshold, CancellationToken cancellationToken) =>
        text.Length == 0 ? null : LanguageModelMatcher.Match(await languageModels.ListAsync(cancellationToken), audience, text, threshold);
}
