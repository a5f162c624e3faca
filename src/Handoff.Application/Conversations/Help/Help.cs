using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Conversations.Help;

/// <summary>An end user asks what the bot can do.</summary>
public sealed record HelpCommand(ConversationId ConversationId) : ICommand<Result>;

/// <summary>How <see cref="HelpCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class HelpCommandEntry() : CommandEntry<HelpCommand>(
    scenarioId: Scenario,
    word: "help",
    audience: Audience.EndUser,
    description: "End user: show help.",
    modelName: "Help",
    patterns: [@"^\s*help\s*$"],
    order: 130)
{
    public const string Scenario = "builtin/help";

    protected override HelpCommand Create(Invocation invocation) => new(invocation.ConversationId);
}

public sealed class HelpCommandHandler(IConversationRepository conversations, CommandCatalogue catalogue, IHandoffSettings settings, Notifier notify, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<HelpCommand, Result>
{
    public async ValueTask<Result> Handle(HelpCommand command, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(command.ConversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Conversation {command.ConversationId} does not exist.");
        notify.ToUser(conversation, catalogue.UserHelp((await settings.GetAsync(cancellationToken)).Handoff.Messages.For(conversation.Locale)), clock.GetUtcNow());
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
