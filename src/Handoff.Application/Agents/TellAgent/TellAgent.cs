using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;

namespace Handoff.Application.Agents.TellAgent;

/// <summary>Answers an agent with a plain text (unknown commands, the fallback).</summary>
public sealed record TellAgentCommand(ChannelAddress Address, string Text) : ICommand<Result>;

public sealed class TellAgentCommandHandler(Notifier notify, IUnitOfWork unitOfWork) : ICommandHandler<TellAgentCommand, Result>
{
    public async ValueTask<Result> Handle(TellAgentCommand command, CancellationToken cancellationToken)
    {
        notify.ToAddress(command.Address, command.Text);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
