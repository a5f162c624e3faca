using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.EndChat;

/// <summary>The user ends the live conversation with the agent themselves.</summary>
public sealed record EndChatCommand(ConversationId ConversationId) : ICommand<Result>;

/// <summary>How <see cref="EndChatCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class EndChatCommandEntry() : CommandEntry<EndChatCommand>(
    scenarioId: Scenario,
    word: "end chat",
    audience: Audience.EndUser,
    description: "End user: end the live conversation.",
    modelName: "End chat",
    patterns: [@"^\s*(end chat|end conversation|bye agent)\s*$"],
    order: 120,
    helpLine: words => words.EndChatHelpLine,
    heardWhile: [ConversationState.Bot, ConversationState.Connected])
{
    public const string Scenario = "builtin/end_chat";

    protected override EndChatCommand Create(Invocation invocation) => new(invocation.ConversationId);
}

public sealed class EndChatCommandHandler(
    IConversationRepository conversations,
    IAgentRepository agents,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<EndChatCommand, Result>
{
    public async ValueTask<Result> Handle(EndChatCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");

        var agent = conversation.AgentId is { } agentId ? await agents.FindAsync(agentId, cancellationToken) : null;
        if (agent is null)
        {
            notify.ToUser(conversation, (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(conversation.Locale).NotTalkingWithAnAgent, now);
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return ConversationErrors.NotConnected;
        }

        var ended = Handoffs.End(conversation, agent, EndReason.UserEnded, now);
        // Both sides are told by HandoffEndedNotifications, inside this save.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return ended;
    }
}
