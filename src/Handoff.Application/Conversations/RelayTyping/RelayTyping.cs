using Handoff.Application.Agents;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.RelayMessage;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.RelayTyping;

/// <summary>
/// Someone is typing (a channel's <c>typing</c> activity). Shown to the other side of a live handoff only, throttled per
/// conversation and direction, and never stored: no transcript entry, no outbox row, no save (ADR-032).
/// </summary>
/// <param name="Address">Where the typing came from (the typist's own conversation with the bot).</param>
/// <param name="FromId">The typist's id on that channel.</param>
public sealed record RelayTypingCommand(ChannelAddress Address, string FromId) : ICommand<Result>;

public sealed class RelayTypingCommandValidator : AbstractValidator<RelayTypingCommand>
{
    public RelayTypingCommandValidator()
    {
        RuleFor(c => c.Address).NotNull();
        RuleFor(c => c.FromId).NotEmpty();
    }
}

/// <summary>
/// Decides who sees the indicator with the rules of plain text: an agent's typing reaches the user their text would reach
/// (the focus, or the only user; none with several and no focus), and a user's typing reaches their agent only when the
/// agent's text would reach that user, since the indicator does not say which of several users is typing. Nothing while
/// the user is with the bot or waiting. Nothing to show is not a refusal: the answer is success either way.
/// </summary>
public sealed class RelayTypingCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    IHandoffSettings settings,
    TypingThrottle throttle,
    ITypingIndicator typing) : ICommandHandler<RelayTypingCommand, Result>
{
    public async ValueTask<Result> Handle(RelayTypingCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindByChannelAccountAsync(AgentKeys.For(command.Address.ChannelId, command.FromId), cancellationToken);
        if (agent is { IsLoggedIn: true })
        {
            var recipient = agent.PlainTextRecipient();
            var served = recipient.IsSuccess ? await conversations.FindAsync(recipient.Value, cancellationToken) : null;
            return served is not null && served.IsConnectedTo(agent.Id)
                ? await ShowAsync(served.Id, RelayDirection.AgentToUser, served.Address, agent.DisplayName, cancellationToken)
                : Result.Success();
        }

        var conversation = await conversations.FindByAddressAsync(command.Address.ChannelId, command.Address.ConversationId, cancellationToken);
        if (conversation is not { State: ConversationState.Connected, AgentId: { } agentId })
        {
            return Result.Success();
        }

        var servedBy = await agents.FindAsync(agentId, cancellationToken);
        return servedBy?.Address is { } agentAddress && servedBy.PlainTextRecipient() is { IsSuccess: true } focus && focus.Value == conversation.Id
            ? await ShowAsync(conversation.Id, RelayDirection.UserToAgent, agentAddress, conversation.UserName, cancellationToken)
            : Result.Success();
    }

    private async Task<Result> ShowAsync(ConversationId conversation, RelayDirection direction, ChannelAddress to, string? typistName, CancellationToken cancellationToken)
    {
        var interval = (await settings.GetAsync(cancellationToken)).Handoff.Typing.RelayInterval;
        if (throttle.TryTake(conversation, direction, interval))
        {
            await typing.ShowTypingAsync(to, typistName, cancellationToken);
        }

        return Result.Success();
    }
}
