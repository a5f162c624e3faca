using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.ListConversations;

/// <summary><c>list</c>: waiting users (position, wait, name, short id, reason), live conversations and with whom, recent bot chats, and the agent's own live users with their focus buttons (the focused one marked).</summary>
public sealed record ListConversationsCommand(AgentId AgentId) : ICommand<Result>;

/// <summary>How <see cref="ListConversationsCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class ListConversationsCommandEntry() : CommandEntry<ListConversationsCommand>(
    scenarioId: Scenario,
    word: "list",
    audience: Audience.Agent,
    description: "Agent: list waiting and connected users.",
    modelName: "Agent list",
    patterns: [@"^\s*list\s*$"],
    order: 10,
    helpLine: words => words.ListHelpLine,
    buttons: [new(words => words.ListButton)])
{
    public const string Scenario = "builtin/agent_list";

    protected override ListConversationsCommand Create(Invocation invocation) => new(invocation.AgentId);
}

public sealed class ListConversationsCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffQueries queries,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<ListConversationsCommand, Result>
{
    public const int RecentCount = 5;

    public async ValueTask<Result> Handle(ListConversationsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");

        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        var waiting = (await conversations.ListByStateAsync(ConversationState.Waiting, cancellationToken))
            .OrderByDescending(c => c.Priority).ThenBy(c => c.RequestedAt)
            .Select((c, index) => (MessageText.Fill(words.ConversationListWaitingLine,
                ("position", index + 1), ("wait", MessageText.Short(now - c.RequestedAt!.Value)), ("id", c.ShortId), ("user", c.UserName), ("reason", c.Reason ?? words.DefaultReason)), (Guid?)c.Id.Value))
            .ToList();
        var connected = (await conversations.ListByStateAsync(ConversationState.Connected, cancellationToken))
            .Select(c => MessageText.Fill(words.ConversationListConnectedLine, ("id", c.ShortId), ("user", c.UserName), ("agent", c.AgentName)))
            .ToList();
        var recent = (await queries.RecentBotConversationsAsync(RecentCount, cancellationToken))
            .Select(c => MessageText.Fill(words.ConversationListRecentLine, ("id", c.ShortId), ("ago", MessageText.Short(now - c.LastActivityAt)), ("channel", c.ChannelId), ("user", c.UserName)))
            .ToList();

        var mine = await conversations.ListConnectedToAsync(agent.Id, cancellationToken);
        notify.CardToAgent(agent, HandoffCards.ConversationList(waiting, connected, recent, mine, agent.FocusedConversation, words),
            MessageText.Fill(words.ConversationListSummary, ("waiting", waiting.Count), ("connected", connected.Count)));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
