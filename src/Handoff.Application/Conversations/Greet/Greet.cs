using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.ReplyWithText;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.Greet;

/// <summary>
/// Someone opened a conversation with the bot (or said hello): end users get the welcome text; on agent channels
/// (Teams, the agent web chat) people are told how to log in.
/// </summary>
public sealed record GreetCommand(ChannelAddress Address, bool AgentChannel) : ICommand<Result>;

/// <summary>An end user saying hello gets the welcome text (a reply, recorded in their transcript).</summary>
public sealed class GreetingEntry() : CommandEntry<ReplyWithTextCommand>(
    scenarioId: Scenario,
    word: "greeting",
    audience: Audience.EndUser,
    description: "End user: greet the user.",
    modelName: "Greeting",
    patterns: [@"^\s*(hi|hello|hey|good (morning|afternoon|evening))\b"],
    order: 140)
{
    public const string Scenario = "builtin/greeting";

    protected override ReplyWithTextCommand Create(Invocation invocation) => new(invocation.ConversationId, invocation.Messages.Welcome);
}

public sealed class GreetCommandHandler(IHandoffSettings settings, Notifier notify, IUnitOfWork unitOfWork) : ICommandHandler<GreetCommand, Result>
{
    public async ValueTask<Result> Handle(GreetCommand command, CancellationToken cancellationToken)
    {
        var messages = (await settings.GetAsync(cancellationToken)).Handoff.Messages;
        notify.ToAddress(command.Address, command.AgentChannel ? messages.AgentWelcome : messages.Welcome);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
