using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.AcceptHandoff;

/// <summary>
/// <c>connect</c> (the next user: highest priority, longest waiting) or <c>connect &lt;id&gt;</c> / the card's Connect
/// button. Exactly one agent wins a user: the conversation's and the agent's concurrency tokens are checked in one save,
/// and a loser is told who took the user. A lost save is decided again by the conflict policy (<see cref="IRetryOnConflict"/>).
/// </summary>
public sealed record AcceptHandoffCommand(AgentId AgentId, string? ConversationReference) : ICommand<Result>, IRetryOnConflict;

/// <summary>How <see cref="AcceptHandoffCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class AcceptHandoffCommandEntry() : CommandEntry<AcceptHandoffCommand>(
    scenarioId: Scenario,
    word: SubmitWord,
    audience: Audience.Agent,
    description: "Agent: connect to the longest-waiting user, or to a named one.",
    modelName: "Agent connect",
    patterns: [@"^\s*connect(\s+[0-9a-f-]{1,36})?\s*$"],
    order: 20,
    helpLine: words => words.ConnectHelpLine,
    cardArgument: ConversationIdField,
    buttons: [new(words => words.ConnectButton)])
{
    /// <summary>What other cards' buttons submit to ask for this command.</summary>
    public const string SubmitWord = "connect";

    /// <summary>The card field naming the user to connect to.</summary>
    public const string ConversationIdField = "conversationId";

    public const string Scenario = "builtin/agent_connect";

    protected override AcceptHandoffCommand Create(Invocation invocation) => new(invocation.AgentId, invocation.Argument);
}

public sealed class AcceptHandoffCommandValidator : AbstractValidator<AcceptHandoffCommand>
{
    public AcceptHandoffCommandValidator() => RuleFor(c => c.ConversationReference).MaximumLength(64);
}

public sealed class AcceptHandoffCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    Notifier notify,
    ConflictAttempt conflict,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<AcceptHandoffCommand, Result>
{
    public static readonly Error Busy = new("handoff.busy");

    /// <summary>Said with <see cref="HandoffMessages.QueueEmpty"/>, the words an agent also sees elsewhere for an empty queue.</summary>
    public static readonly Error QueueEmpty = new("handoff.queue_empty");

    public async ValueTask<Result> Handle(AcceptHandoffCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await TryConnectAsync(command, cancellationToken);
        }
        catch (ConcurrencyConflictException) when (conflict.IsLast)
        {
            // Every attempt lost a claim to another agent: the agent is asked to try again rather than shown an error.
            unitOfWork.DiscardChanges();
            var agent = await agents.FindAsync(command.AgentId, cancellationToken);
            return agent is null ? Busy : await RefuseAsync(agent, Busy, cancellationToken);
        }
    }

    private async Task<Result> TryConnectAsync(AcceptHandoffCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");

        var canTake = Handoffs.CanTakeAnother(agent);
        if (canTake.IsFailure)
        {
            return await RefuseAsync(agent, canTake.Error, cancellationToken);
        }

        var (conversation, notFound) = await ResolveAsync(command.ConversationReference, cancellationToken);
        if (conversation is null)
        {
            return await RefuseAsync(agent, notFound!, cancellationToken);
        }

        var connected = Handoffs.Connect(conversation, agent, now);
        if (connected.IsFailure)
        {
            return await RefuseAsync(agent, connected.Error, cancellationToken);
        }

        // The user, the agent's briefing and the other agents' cards are told by AgentConnectedNotifications, inside this save.
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private async Task<(Conversation? Conversation, Error? NotFound)> ResolveAsync(string? reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            var next = await conversations.NextWaitingAsync(cancellationToken);
            return (next, next is null ? QueueEmpty : null);
        }

        reference = reference.Trim();
        if (Guid.TryParse(reference, out var id) && id != Guid.Empty)
        {
            var byId = await conversations.FindAsync(new ConversationId(id), cancellationToken);
            return (byId, byId is null ? ConversationErrors.NotFound(reference) : null);
        }

        var matches = await conversations.FindByShortIdAsync(reference.ToLowerInvariant(), cancellationToken);
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (null, ConversationErrors.NotFound(reference)),
            _ => (null, new Error("conversation.ambiguous", ("reference", reference))),
        };
    }

    private async Task<Result> RefuseAsync(Agent agent, Error error, CancellationToken cancellationToken)
    {
        var words = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(agent.Locale);
        notify.ToAgent(agent, error == QueueEmpty ? words.QueueEmpty : words.Render(error));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return error;
    }
}
