using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.TransferHandoff;

/// <summary>
/// <c>transfer &lt;agent name&gt;</c>: the focused live user passes to another signed-in, available agent with room;
/// <c>transfer queue</c> (or the options card's button) puts them back at the head of the queue. One save over the
/// conversation and both agents, each guarded by its concurrency token: the user never has two agents or none. A
/// refusal is explained to the agent and changes nothing.
/// </summary>
public sealed record TransferHandoffCommand(AgentId AgentId, string? Target) : ICommand<Result>, IRetryOnConflict;

/// <summary>How <see cref="TransferHandoffCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class TransferHandoffCommandEntry() : CommandEntry<TransferHandoffCommand>(
    scenarioId: Scenario,
    word: "transfer",
    audience: Audience.Agent,
    description: "Agent: hand the focused user to another agent, or back to the queue.",
    modelName: "Agent transfer",
    patterns: [@"^\s*transfer(\s+\S+){0,4}\s*$"],
    order: 35,
    helpLine: words => words.TransferHelpLine,
    cardArgument: "agent",
    buttons: [new(words => words.TransferToQueueButton, ("agent", QueueTarget))])
{
    public const string Scenario = "builtin/agent_transfer";

    /// <summary>The target that means "the queue" rather than an agent.</summary>
    public const string QueueTarget = "queue";

    protected override TransferHandoffCommand Create(Invocation invocation) => new(invocation.AgentId, invocation.Argument);
}

public sealed class TransferHandoffCommandValidator : AbstractValidator<TransferHandoffCommand>
{
    public TransferHandoffCommandValidator() => RuleFor(c => c.Target).MaximumLength(Agent.MaxNameLength);
}

public sealed class TransferHandoffCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    ConflictAttempt conflict,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<TransferHandoffCommand, Result>
{
    public static readonly Error Busy = new("transfer.busy");

    /// <summary>Said with <see cref="HandoffMessages.TransferUsage"/>, the words of the transfer command's usage.</summary>
    public static readonly Error Usage = new("transfer.usage");

    public async ValueTask<Result> Handle(TransferHandoffCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await TryTransferAsync(command, cancellationToken);
        }
        catch (ConcurrencyConflictException) when (conflict.IsLast)
        {
            unitOfWork.DiscardChanges();
            var agent = await agents.FindAsync(command.AgentId, cancellationToken);
            return agent is null ? Busy : await RefuseAsync(agent, Busy, cancellationToken);
        }
    }

    private async Task<Result> TryTransferAsync(TransferHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");

        if (string.IsNullOrWhiteSpace(command.Target))
        {
            return await RefuseAsync(agent, Usage, cancellationToken);
        }

        var (conversation, refusal) = await conversations.FocusedAsync(agent, cancellationToken);
        if (conversation is null)
        {
            return await RefuseAsync(agent, refusal!, cancellationToken);
        }

        Result transferred;
        var target = command.Target.Trim();
        if (string.Equals(target, TransferHandoffCommandEntry.QueueTarget, StringComparison.OrdinalIgnoreCase))
        {
            var head = (await conversations.NextWaitingAsync(cancellationToken))?.Priority;
            transferred = Handoffs.ReturnToQueue(conversation, agent, head, now);
        }
        else
        {
            var (to, notFound) = await FindAgentAsync(target, cancellationToken);
            transferred = to is null ? notFound! : Handoffs.Transfer(conversation, agent, to, now);
        }

        if (transferred.IsFailure)
        {
            return await RefuseAsync(agent, transferred.Error, cancellationToken);
        }

        // Both agents and the user are told, and the audit record written, by the event handlers inside this save.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>A signed-in agent by display name (exact, ignoring case; else the one whose name starts with it). A signed-out agent is not found.</summary>
    private async Task<(Agent? Agent, Error? NotFound)> FindAgentAsync(string name, CancellationToken cancellationToken)
    {
        var loggedIn = await agents.ListLoggedInAsync(cancellationToken);
        var exact = loggedIn.Where(a => string.Equals(a.DisplayName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var candidates = exact.Count > 0 ? exact : [.. loggedIn.Where(a => a.DisplayName.StartsWith(name, StringComparison.OrdinalIgnoreCase))];
        return candidates.Count == 1 ? (candidates[0], null) : (null, AgentErrors.TransferTargetNotFound(name));
    }

    /// <summary>Only the explanation is saved: the conversation and both agents are untouched (the domain checks before it changes anything).</summary>
    private async Task<Result> RefuseAsync(Agent agent, Error error, CancellationToken cancellationToken)
    {
        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        var sentence = error == Usage ? words.TransferUsage : words.Render(error);
        if (error == AgentErrors.ChooseFocus)
        {
            notify.CardToAgent(agent, HandoffCards.ChooseFocus(sentence, await conversations.ListConnectedToAsync(agent.Id, cancellationToken), agent.FocusedConversation, words), sentence);
        }
        else
        {
            notify.ToAgent(agent, sentence);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return error;
    }
}
