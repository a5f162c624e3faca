using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Agents.EndHandoff;

/// <summary><c>disconnect</c>: the agent ends their live conversation (the most recent one); the user is back with the bot.</summary>
public sealed record EndHandoffCommand(AgentId AgentId) : ICommand<Result>;

public sealed class EndHandoffCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<EndHandoffCommand, Result>
{
    public async ValueTask<Result> Handle(EndHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");

        var conversation = (await conversations.ListConnectedToAsync(agent.Id, cancellationToken)).FirstOrDefault();
        if (conversation is null)
        {
            foreach (var stale in agent.ConnectedConversations)
            {
                Handoffs.ReleaseStale(agent, stale);
            }

            notify.ToAgent(agent, AgentErrors.NotConnected.Message);
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return AgentErrors.NotConnected;
        }

        var ended = Handoffs.End(conversation, agent, EndReason.AgentDisconnected, now);
        notify.ToUser(conversation, MessageText.Fill(messages.AgentLeft, ("agent", agent.DisplayName)), now);
        notify.ToAgent(agent, $"Conversation with {conversation.UserName} ended.");
        notify.HandoffStatus(conversation, "completed");
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return ended;
    }
}
