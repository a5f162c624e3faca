using Handoff.Application.Agents.SignOutAgent;
using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;

namespace Handoff.Application.Conversations.ReportFailedDelivery;

/// <summary>
/// The outbox gave up on a message (attempts spent, a permanent refusal, or a recipient who blocked the bot). What
/// follows is decided here, not in the dispatcher: the failure is audited, whoever sent the message is told it was not
/// delivered, and an agent whose writes are blocked is signed out (their users are told) — all in one save.
/// </summary>
public sealed record ReportFailedDeliveryCommand(OutboundMessage Message, DeliveryStatus Status, string? Error) : ICommand<Result>, IRetryOnConflict;

public sealed class ReportFailedDeliveryCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    IAuditLog audit,
    Notifier notify,
    IUnitOfWork unitOfWork,
    IServiceProvider services,
    TimeProvider clock) : ICommandHandler<ReportFailedDeliveryCommand, Result>
{
    /// <summary>How much of the undelivered text the sender is shown.</summary>
    public const int PreviewLength = 80;

    public async ValueTask<Result> Handle(ReportFailedDeliveryCommand command, CancellationToken cancellationToken)
    {
        var message = command.Message;
        audit.Add(AuditRecord.Create(AuditType.DeliveryFailed, clock.GetUtcNow(), "outbox", $"{command.Status}: {command.Error}; to {message.To.Key}"));
        if (message.NotifyOnFailure is { } sender && message.EventName is null)
        {
            var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages.For(await LocaleOfAsync(sender, cancellationToken));
            var preview = message.Text is { Length: > PreviewLength } text ? text[..PreviewLength] + "…" : message.Text ?? "(attachment)";
            notify.ToAddress(sender, MessageText.Fill(messages.NotDelivered, ("preview", preview), ("status", command.Status)));
        }

        if (command.Status == DeliveryStatus.RecipientBlocked
            && await agents.FindByChannelAccountAsync(Agents.AgentKeys.For(message.To.ChannelId, message.To.UserId), cancellationToken) is { IsLoggedIn: true } agent)
        {
            // In this unit of work: the sign-out's save commits the audit record and the notice too.
            return await Decision.Of(new SignOutAgentCommand(agent.Id, AgentLogoutReason.Unreachable)).RunAsync(services, cancellationToken);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>The sender's language: an end user's is kept on their conversation, an agent's on the agent.</summary>
    private async Task<string?> LocaleOfAsync(ChannelAddress sender, CancellationToken cancellationToken) =>
        (await conversations.FindByAddressAsync(sender.ChannelId, sender.ConversationId, cancellationToken))?.Locale
        ?? (await agents.FindByChannelAccountAsync(Agents.AgentKeys.For(sender.ChannelId, sender.UserId), cancellationToken))?.Locale;
}
