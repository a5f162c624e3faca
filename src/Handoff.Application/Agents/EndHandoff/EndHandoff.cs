using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.EndHandoff;

/// <summary>
/// <c>disconnect</c>: the agent ends their focused live conversation (or their only one); <c>disconnect &lt;short id&gt;</c>
/// ends that one. The user is back with the bot, and the agent is shown the next waiting user.
/// </summary>
public sealed record EndHandoffCommand(AgentId AgentId, string? ConversationReference = null) : ICommand<Result>;

/// <summary>How <see cref="EndHandoffCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class EndHandoffCommandEntry() : CommandEntry<EndHandoffCommand>(
    scenarioId: Scenario,
    word: "disconnect",
    audience: Audience.Agent,
    description: "Agent: end the focused live conversation, or a named one.",
    modelName: "Agent disconnect",
    patterns: [@"^\s*disconnect(\s+[0-9a-f-]{1,36})?\s*$"],
    order: 30,
    helpLine: words => words.DisconnectHelpLine,
    cardArgument: "conversationId",
    buttons: [new(words => words.DisconnectButton)])
{
    public const string Scenario = "builtin/agent_disconnect";

    protected override EndHandoffCommand Create(Invocation invocation) => new(invocation.AgentId, invocation.Argument);
}

public sealed class EndHandoffCommandValidator : AbstractValidator<EndHandoffCommand>
{
    public EndHandoffCommandValidator() => RuleFor(c => c.ConversationReference).MaximumLength(64);
}

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
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);

        var (conversation, refusal) = await conversations.ChosenAsync(agent, command.ConversationReference, cancellationToken);
        if (refusal == AgentErrors.ChooseFocus || refusal == AgentErrors.NotServing)
        {
            // Several users and none chosen, or one the agent does not serve: nobody is disconnected by a guess.
            notify.CardToAgent(agent, HandoffCards.ChooseFocus(messages.Render(refusal), await conversations.ListConnectedToAsync(agent.Id, cancellationToken), agent.FocusedConversation, messages), messages.Render(refusal));
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return refusal;
        }

        if (conversation is null)
        {
            foreach (var stale in agent.ConnectedConversations)
            {
                Handoffs.ReleaseStale(agent, stale);
            }

            notify.ToAgent(agent, messages.Render(AgentErrors.NotConnected));
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return AgentErrors.NotConnected;
        }

        var ended = Handoffs.End(conversation, agent, EndReason.AgentDisconnected, now);
        // Both sides are told, and the agent shown the next waiting user, by HandoffEndedNotifications, inside this save.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return ended;
    }
}
