using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Agents.ConnectFromThread;

/// <summary>
/// Teams channel mode (ADR-037): a channel member pressed Connect on a user's thread. A member who is not signed in as
/// an agent is checked as <c>login</c> checks (tenant and agent group) and signed in; anyone else is refused politely
/// in the thread. Exactly one agent wins, as for <c>connect</c>: the conversation's and the agent's concurrency tokens
/// are checked in one save, and a lost save is decided again (the loser is told who took the user). The agent then
/// works from the thread: the user's messages appear there, not in their 1:1 chat.
/// </summary>
/// <param name="Thread">The thread's address, as the press arrived (refusals are said there).</param>
public sealed record ConnectFromThreadCommand(ConversationId ConversationId, ChannelAddress Thread, Sender From, string? Locale) : ICommand<Result>, IRetryOnConflict;

public sealed class ConnectFromThreadCommandValidator : AbstractValidator<ConnectFromThreadCommand>
{
    public ConnectFromThreadCommandValidator() => RuleFor(c => c.From.Id).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
}

public sealed class ConnectFromThreadCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    AgentAuthorizer authorizer,
    IHandoffSettings settings,
    IAuditLog audit,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<ConnectFromThreadCommand, Result>
{
    public async ValueTask<Result> Handle(ConnectFromThreadCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = await settings.GetAsync(cancellationToken);
        var words = current.Handoff.Messages.For(command.Locale);
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");

        var agent = await agents.FindByChannelAccountAsync(AgentKeys.For(command.Thread.ChannelId, command.From.Id), cancellationToken);
        if (agent is not { IsLoggedIn: true })
        {
            var (allowed, displayName, email) = await authorizer.AuthorizeAsync(command.From, current.TeamsTenantId, cancellationToken);
            if (allowed.IsFailure)
            {
                audit.Add(AuditRecord.Create(AuditType.AgentLoginRefused, now, $"{command.Thread.ChannelId}:{command.From.Id}", $"connect in the agent channel: {allowed.Error.Code} (entra {command.From.EntraObjectId ?? "none"})", conversation.Id.Value));
                notify.ToAddress(command.Thread, allowed.Error == LoginAgent.LoginAgentCommandHandler.NotAMember ? words.ThreadNotAnAgent : words.Render(allowed.Error));
                await unitOfWork.SaveChangesAsync(cancellationToken);
                return allowed;
            }

            if (agent is null)
            {
                agent = Agent.Register(AgentId.New(), AgentKeys.For(command.Thread.ChannelId, command.From.Id), command.From.EntraObjectId, displayName, now);
                agents.Add(agent);
            }

            // Their 1:1 chat (created proactively when they never opened one) still hears what is said to them as an agent.
            agent.Login(agent.Address ?? OneToOne(command.Thread, command.From), displayName, email, current.Handoff.Agents.Capacity, now);
            agent.UseLocale(command.Locale);
        }

        var connected = Handoffs.CanTakeAnother(agent);
        if (connected.IsSuccess)
        {
            connected = Handoffs.Connect(conversation, agent, now);
        }

        if (connected.IsFailure)
        {
            notify.ToAddress(command.Thread, words.Render(connected.Error));
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return connected.Error;
        }

        conversation.ServeInThread();
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>
    /// The member's 1:1 chat with the bot, not known yet: a placeholder the Bot Connector sender resolves by creating
    /// (or finding) that chat. One per member, so each has their own delivery order (ADR-017).
    /// </summary>
    private static ChannelAddress OneToOne(ChannelAddress thread, Sender from) =>
        new(thread.ChannelId, AgentThreads.OneToOnePlaceholder(from.Id), from.Id, thread.ServiceUrl, thread.BotId, thread.TenantId ?? from.TenantId);
}
