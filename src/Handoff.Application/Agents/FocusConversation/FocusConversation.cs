using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.FocusConversation;

/// <summary>
/// <c>focus &lt;short id or name&gt;</c> or a user's focus button: the agent's plain text now goes to that live user.
/// Without a reference (<c>focus</c>, or plain text the router could not address because several users are live and
/// none is focused, <paramref name="NothingWasSent"/>) the agent gets the choose card, one button per user.
/// </summary>
public sealed record FocusConversationCommand(AgentId AgentId, string? ConversationReference, bool NothingWasSent = false) : ICommand<Result>;

/// <summary>How <see cref="FocusConversationCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class FocusConversationCommandEntry() : CommandEntry<FocusConversationCommand>(
    scenarioId: Scenario,
    word: SubmitWord,
    audience: Audience.Agent,
    description: "Agent: choose which live user your messages go to.",
    modelName: "Agent focus",
    patterns: [@"^\s*focus(\s+\S+){0,3}\s*$"],
    order: 25,
    helpLine: words => words.FocusHelpLine,
    cardArgument: "conversationId")
{
    /// <summary>What the focus buttons submit: <c>{"command":"focus","conversationId":"&lt;id&gt;"}</c>.</summary>
    public const string SubmitWord = "focus";

    public const string Scenario = "builtin/agent_focus";

    protected override FocusConversationCommand Create(Invocation invocation) => new(invocation.AgentId, invocation.Argument);
}

public sealed class FocusConversationCommandValidator : AbstractValidator<FocusConversationCommand>
{
    public FocusConversationCommandValidator() => RuleFor(c => c.ConversationReference).MaximumLength(Conversation.MaxNameLength);
}

public sealed class FocusConversationCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    IUnitOfWork unitOfWork) : ICommandHandler<FocusConversationCommand, Result>
{
    public async ValueTask<Result> Handle(FocusConversationCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        var live = await conversations.ListConnectedToAsync(agent.Id, cancellationToken);

        Result result;
        if (string.IsNullOrWhiteSpace(command.ConversationReference))
        {
            result = live.Count == 0 ? AgentErrors.NotConnected : command.NothingWasSent ? AgentErrors.ChooseFocus : Result.Success();
            if (live.Count == 0)
            {
                notify.ToAgent(agent, messages.Render(AgentErrors.NotConnected));
            }
            else
            {
                notify.CardToAgent(agent, HandoffCards.ChooseFocus(command.NothingWasSent ? messages.FocusRequired : messages.FocusChoose, live, agent.FocusedConversation, messages), messages.FocusChoose);
            }
        }
        else if (LiveConversations.Resolve(live, command.ConversationReference) is { } chosen)
        {
            result = agent.Focus(chosen.Id);
            notify.ToAgent(agent, result.IsSuccess ? MessageText.Fill(messages.FocusChanged, ("user", chosen.UserName), ("id", chosen.ShortId)) : messages.Render(result.Error));
        }
        else
        {
            result = AgentErrors.NotServing;
            notify.CardToAgent(agent, HandoffCards.ChooseFocus(messages.Render(AgentErrors.NotServing), live, agent.FocusedConversation, messages), messages.Render(AgentErrors.NotServing));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return result;
    }
}
