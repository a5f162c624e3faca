using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Agents.LoginAgent;

/// <summary>
/// <c>login</c>: authorize the speaker (agent web chat claim, or Teams tenant + agent security group through the
/// directory), mark them Available, keep their address for proactive messages, and show the options card.
/// </summary>
/// <param name="Locale">The language tag of the activity that asked (the answer, and later notices, are worded for it).</param>
public sealed record LoginAgentCommand(ChannelAddress Address, Sender From, string? Locale = null) : ICommand<Result>;

/// <summary>How <see cref="LoginAgentCommand"/> is asked for (see <see cref="CommandEntry"/>).</summary>
public sealed class LoginAgentCommandEntry() : CommandEntry<LoginAgentCommand>(
    scenarioId: Scenario,
    word: "login",
    audience: Audience.Any,
    description: "Agent: sign in as an agent (Available).",
    modelName: "Agent login",
    patterns: [@"^\s*login\s*$"],
    order: 0)
{
    public const string Scenario = "builtin/agent_login";

    protected override LoginAgentCommand Create(Invocation invocation) => new(invocation.Address, invocation.From, invocation.Locale);
}

public sealed class LoginAgentCommandValidator : AbstractValidator<LoginAgentCommand>
{
    public LoginAgentCommandValidator()
    {
        RuleFor(c => c.Address.ChannelId).NotEmpty();
        RuleFor(c => c.From.Id).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
    }
}

public sealed class LoginAgentCommandHandler(
    IAgentRepository agents,
    IConversationRepository conversations,
    AgentAuthorizer authorizer,
    IHandoffSettings settings,
    IHandoffQueries queries,
    CommandCatalogue catalogue,
    IAuditLog audit,
    Notifier notify,
    IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<LoginAgentCommand, Result>
{
    /// <summary>At most this many waiting users are announced at login; <c>list</c> shows the rest.</summary>
    public const int WaitingCardsAtLogin = 5;

    public static readonly Error NotAMember = new("agent.login.not_member");

    public static readonly Error DirectoryUnavailable = new("agent.login.directory_unavailable");

    public static readonly Error DirectoryNotConfigured = new("agent.login.directory_not_configured");

    public async ValueTask<Result> Handle(LoginAgentCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = await settings.GetAsync(cancellationToken);
        var from = command.From;

        var (allowed, displayName, email) = await authorizer.AuthorizeAsync(from, current.TeamsTenantId, cancellationToken);
        if (allowed.IsFailure)
        {
            audit.Add(AuditRecord.Create(AuditType.AgentLoginRefused, now, $"{command.Address.ChannelId}:{from.Id}", $"{allowed.Error.Code} (entra {from.EntraObjectId ?? "none"}, tenant {from.TenantId ?? "none"})"));
            notify.ToAddress(command.Address, current.Handoff.Messages.For(command.Locale).Render(allowed.Error));
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return allowed;
        }

        var key = AgentKeys.For(command.Address.ChannelId, from.Id);
        var agent = await agents.FindByChannelAccountAsync(key, cancellationToken);
        if (agent is null)
        {
            agent = Agent.Register(AgentId.New(), key, from.EntraObjectId, displayName, now);
            agents.Add(agent);
        }

        agent.Login(command.Address, displayName, email, current.Handoff.Agents.Capacity, now);
        agent.UseLocale(command.Locale);
        var words = current.Handoff.Messages.For(agent.Locale);
        var waiting = await queries.CountWaitingAsync(cancellationToken);
        notify.ToAgent(agent, waiting == 1 ? words.AgentSignedInOneWaiting : MessageText.Fill(words.AgentSignedIn, ("waiting", waiting)));
        notify.CardToAgent(agent, HandoffCards.AgentOptions(catalogue, agent.DisplayName, agent.Status.ToString(), waiting, words));

        // Users who were already waiting are announced too, as if the agent had been online when they asked.
        var queue = (await conversations.ListByStateAsync(ConversationState.Waiting, cancellationToken))
            .OrderByDescending(c => c.Priority).ThenBy(c => c.RequestedAt).Take(WaitingCardsAtLogin);
        foreach (var conversation in queue)
        {
            notify.WaitingUserCardToAgent(agent, conversation, now, words);
        }
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
