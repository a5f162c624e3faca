using Handoff.Application.Agents;
using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.AgentHelp;
using Handoff.Application.Agents.EndHandoff;
using Handoff.Application.Agents.ListConversations;
using Handoff.Application.Agents.LoginAgent;
using Handoff.Application.Agents.LogoutAgent;
using Handoff.Application.Agents.SetAgentStatus;
using Handoff.Application.Agents.ShowAgentOptions;
using Handoff.Application.Agents.TellAgent;
using Handoff.Application.Agents.WhoAmI;
using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.CancelHandoff;
using Handoff.Application.Conversations.EndChat;
using Handoff.Application.Conversations.Help;
using Handoff.Application.Conversations.KeepWaiting;
using Handoff.Application.Conversations.RelayMessage;
using Handoff.Application.Conversations.ReplyWithText;
using Handoff.Application.Conversations.RequestHandoff;
using Handoff.Application.Meetings.CreateMeeting;
using Handoff.Application.Scenarios;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.HandleIncomingMessage;

/// <summary>
/// The single entry for every inbound message from any channel. Decides what it is: a relay in a live conversation,
/// a card button press (its <c>command</c>), or an utterance recognized by the language models of the speaker's
/// audience; nothing recognized gets the fallback reply.
/// </summary>
public sealed record HandleIncomingMessageCommand(
    ChannelAddress Address,
    Sender From,
    string? Text,
    string? ValueJson,
    IReadOnlyList<InboundAttachment> Attachments,
    string? ActivityId) : ICommand<Result>, IIdempotentCommand
{
    public string ChannelId => Address.ChannelId;
}

public sealed class HandleIncomingMessageCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    ILanguageModelRepository languageModels,
    ITranscriptRepository transcripts,
    IHandoffSettings settings,
    ISender sender,
    TimeProvider clock) : ICommandHandler<HandleIncomingMessageCommand, Result>
{
    public async ValueTask<Result> Handle(HandleIncomingMessageCommand command, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken);
        var text = command.Text?.Trim() ?? string.Empty;
        var submission = CardSubmission.Parse(command.ValueJson);

        var agent = await agents.FindByChannelAccountAsync(AgentKeys.For(command.Address.ChannelId, command.From.Id), cancellationToken);
        if (agent is { IsLoggedIn: true })
        {
            return await FromAgentAsync(command, agent, text, submission, current, cancellationToken);
        }

        return await FromUserAsync(command, text, submission, current, cancellationToken);
    }

    private async Task<Result> FromAgentAsync(HandleIncomingMessageCommand command, Agent agent, string text, CardSubmission? submission, EffectiveSettings current, CancellationToken cancellationToken)
    {
        if (submission is not null)
        {
            var submitted = AgentCommand(submission.Command, agent, command, submission["conversationId"], submission["status"]);
            return await sender.Send(submitted ?? new TellAgentCommand(command.Address, $"Unknown command '{submission.Command}'. Type *help* for the agent commands."), cancellationToken);
        }

        var match = await MatchAsync(Audience.Agent, text, current, cancellationToken);
        if (match is not null && AgentScenario(match, agent, command, text) is { } recognized)
        {
            return await sender.Send(recognized, cancellationToken);
        }

        var live = (await conversations.ListConnectedToAsync(agent.Id, cancellationToken)).FirstOrDefault();
        if (live is not null)
        {
            return await sender.Send(new RelayMessageCommand(live.Id, RelayDirection.AgentToUser, text, command.Attachments, command.ValueJson), cancellationToken);
        }

        return await sender.Send(new TellAgentCommand(command.Address, current.Handoff.Messages.AgentFallback), cancellationToken);
    }

    private async Task<Result> FromUserAsync(HandleIncomingMessageCommand command, string text, CardSubmission? submission, EffectiveSettings current, CancellationToken cancellationToken)
    {
        var existing = await conversations.FindByAddressAsync(command.Address.ChannelId, command.Address.ConversationId, cancellationToken);
        var match = existing is null or { State: ConversationState.Bot } ? await MatchUserAsync(text, current, cancellationToken) : null;
        if (match?.ScenarioId == ScenarioIds.AgentLogin || submission?.Command == AgentCommands.Login)
        {
            // Someone becoming an agent is not an end-user conversation.
            return await sender.Send(new LoginAgentCommand(command.Address, command.From), cancellationToken);
        }

        var conversation = existing ?? Start(command);
        conversation.UpdateAddress(command.Address, command.From.Name);
        var id = conversation.Id;
        switch (conversation.State)
        {
            case ConversationState.Connected:
                var ends = submission?.Command == UserCommands.EndChat
                    || (await MatchAsync(Audience.EndUser, text, current, cancellationToken))?.ScenarioId == ScenarioIds.EndChat;
                return await sender.Send(ends
                    ? (ICommand<Result>)new EndChatCommand(id)
                    : new RelayMessageCommand(id, RelayDirection.UserToAgent, text, command.Attachments, command.ValueJson), cancellationToken);

            case ConversationState.Waiting:
                var cancels = submission?.Command == UserCommands.Cancel
                    || (await MatchAsync(Audience.EndUser, text, current, cancellationToken))?.ScenarioId == ScenarioIds.HandoffCancel;
                return await sender.Send(cancels ? (ICommand<Result>)new CancelHandoffCommand(id) : new KeepWaitingCommand(id, text, command.Attachments), cancellationToken);
        }

        // With the bot, the user's words are kept too: the agent who connects later sees why they asked.
        if (text.Length > 0)
        {
            transcripts.Add(conversation.RecordUserMessage(text, null, clock.GetUtcNow()));
        }

        if (submission is not null)
        {
            return await sender.Send(UserCommand(submission.Command, id, current) ?? new ReplyWithTextCommand(id, $"Unknown command '{submission.Command}'."), cancellationToken);
        }

        return await sender.Send(match switch
        {
            null => new ReplyWithTextCommand(id, current.Handoff.Messages.Fallback),
            { ScenarioId: var scenario } when UserCommand(scenario, id, current) is { } known => known,
            { Model.ReplyText: { Length: > 0 } reply } => new ReplyWithTextCommand(id, reply),
            _ => new ReplyWithTextCommand(id, current.Handoff.Messages.Fallback),
        }, cancellationToken);
    }

    private Conversation Start(HandleIncomingMessageCommand command)
    {
        var conversation = Conversation.Start(ConversationId.New(), command.Address, command.From.Name, clock.GetUtcNow());
        conversations.Add(conversation);
        return conversation;
    }

    /// <summary>
    /// An end user's utterance. <c>login</c> is how someone becomes an agent, so models mapped to the login scenario are
    /// heard from everyone, whatever their audience.
    /// </summary>
    private async Task<ScenarioMatch?> MatchUserAsync(string text, EffectiveSettings current, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var models = await languageModels.ListAsync(cancellationToken);
        var threshold = current.Handoff.LanguageModels.Threshold;
        var asUser = LanguageModelMatcher.Match(models, Audience.EndUser, text, threshold);
        var asLogin = LanguageModelMatcher.Match(models.Where(m => m.ScenarioId == ScenarioIds.AgentLogin), Audience.Agent, text, threshold);
        return asLogin is not null && (asUser is null || asLogin.Confidence > asUser.Confidence) ? asLogin : asUser;
    }

    private async Task<ScenarioMatch?> MatchAsync(Audience audience, string text, EffectiveSettings current, CancellationToken cancellationToken) =>
        text.Length == 0 ? null : LanguageModelMatcher.Match(await languageModels.ListAsync(cancellationToken), audience, text, current.Handoff.LanguageModels.Threshold);

    /// <summary>Maps a card button (scenario) name to the user's command; null when it is not an end-user command.</summary>
    private static ICommand<Result>? UserCommand(string scenarioOrCommand, ConversationId id, EffectiveSettings current) => scenarioOrCommand switch
    {
        ScenarioIds.Handoff or UserCommands.Agent => new RequestHandoffCommand(id, "asked for an agent", 0, HandoffSource.EndUser),
        ScenarioIds.HandoffCancel or UserCommands.Cancel => new CancelHandoffCommand(id),
        ScenarioIds.EndChat or UserCommands.EndChat => new EndChatCommand(id),
        ScenarioIds.Help or UserCommands.Help => new HelpCommand(id),
        ScenarioIds.Greeting => new ReplyWithTextCommand(id, current.Handoff.Messages.Welcome),
        _ => null,
    };

    private static ICommand<Result>? AgentScenario(ScenarioMatch match, Agent agent, HandleIncomingMessageCommand command, string text)
    {
        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var argument = words.Length > 1 ? words[1] : null;
        var name = match.ScenarioId.StartsWith("builtin/agent_", StringComparison.Ordinal) ? match.ScenarioId["builtin/agent_".Length..] : match.ScenarioId;
        return AgentCommand(name, agent, command, argument, argument)
            ?? (match.Model.ReplyText is { Length: > 0 } reply ? new TellAgentCommand(command.Address, reply) : null);
    }

    private static ICommand<Result>? AgentCommand(string name, Agent agent, HandleIncomingMessageCommand command, string? conversationReference, string? status) => name switch
    {
        AgentCommands.Login => new LoginAgentCommand(command.Address, command.From),
        AgentCommands.Logout => new LogoutAgentCommand(agent.Id),
        AgentCommands.List => new ListConversationsCommand(agent.Id),
        AgentCommands.Connect => new AcceptHandoffCommand(agent.Id, conversationReference),
        AgentCommands.Disconnect => new EndHandoffCommand(agent.Id),
        AgentCommands.Meeting => new CreateMeetingCommand(agent.Id),
        AgentCommands.Status => new SetAgentStatusCommand(agent.Id, status),
        AgentCommands.Options => new ShowAgentOptionsCommand(agent.Id),
        AgentCommands.Help => new AgentHelpCommand(agent.Id),
        AgentCommands.WhoAmI => new WhoAmICommand(agent.Id),
        _ => null,
    };
}
