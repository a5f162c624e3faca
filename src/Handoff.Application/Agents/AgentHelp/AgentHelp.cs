using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Application.Agents.AgentHelp;

/// <summary><c>help</c> from an agent: the list of commands.</summary>
public sealed record AgentHelpCommand(AgentId AgentId) : ICommand<Result>;

public sealed class AgentHelpCommandHandler(IAgentRepository agents, Notifier notify, IUnitOfWork unitOfWork) : ICommandHandler<AgentHelpCommand, Result>
{
    public const string Text =
        "Agent commands:\n\n" +
        "- **list** — waiting users, live conversations, recent bot chats\n" +
        "- **connect** — take the longest-waiting user (**connect <id>** for a given one)\n" +
        "- **disconnect** — end the live conversation\n" +
        "- **meeting** — send the user a Microsoft Teams meeting link\n" +
        "- **status available** / **status away** — presence\n" +
        "- **options** — the buttons\n" +
        "- **whoami** — how Handoff sees you\n" +
        "- **logout** — sign out\n\n" +
        "While connected, anything else you type goes to the user.";

    public async ValueTask<Result> Handle(AgentHelpCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {command.AgentId} does not exist.");
        notify.ToAgent(agent, Text);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
