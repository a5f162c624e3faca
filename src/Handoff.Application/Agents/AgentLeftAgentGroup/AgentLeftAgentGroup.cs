using Handoff.Application.Agents.SignOutAgent;
using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Commands;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;

namespace Handoff.Application.Agents.AgentLeftAgentGroup;

/// <summary>
/// The directory says a signed-in agent is no longer a member of the agent group (the membership re-validation reports
/// it). The decision is here: they are signed out, their live conversations end politely and they are told why.
/// </summary>
public sealed record AgentLeftAgentGroupCommand(AgentId AgentId) : ICommand<Result>, IRetryOnConflict;

public sealed class AgentLeftAgentGroupCommandHandler(IServiceProvider services) : ICommandHandler<AgentLeftAgentGroupCommand, Result>
{
    public ValueTask<Result> Handle(AgentLeftAgentGroupCommand command, CancellationToken cancellationToken) =>
        Decision.Of(new SignOutAgentCommand(command.AgentId, AgentLogoutReason.MembershipRevoked)).RunAsync(services, cancellationToken);
}
