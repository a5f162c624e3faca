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
    helpLine: "**list** — waiting users, live conversations, recent bot chats",
    buttons: [new("List")])
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

        var waiting = (await conversations.ListByStateAsync(ConversationState.Waiting, cancellationToken))
            .OrderByDescending(c => c.Priority).ThenBy(c => c.RequestedAt)
            .Select((c, index) => ($"{index + 1}. {c.UserName} ({c.ShortId}) — waiting {MessageText.Short(now - c.RequestedAt!.Value)} — {c.Reason ?? "asked for an agent"}", (Guid?)c.Id.Value))
            .ToList();
        var connected = (await conversations.ListByStateAsync(ConversationState.Connected, cancellationToken))
            .Select(c => $"{c.UserName} ({c.ShortId}) with {c.AgentName}")
            .ToList();
        var recent = (await queries.RecentBotConversationsAsync(RecentCount, cancellationToken))
            .Select(c => $"{c.UserName} ({c.ShortId}) on {c.ChannelId}, {MessageText.Short(now - c.LastActivityAt)} ago")
            .ToList();

        var mine = await conversations.ListConnectedToAsync(agent.Id, cancellationToken);
        notify.CardToAgent(agent, HandoffCards.ConversationList(waiting, connected, recent, mine, agent.FocusedConversation, (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale)), $"{waiting.Count} waiting, {connected.Count} connected.");
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
