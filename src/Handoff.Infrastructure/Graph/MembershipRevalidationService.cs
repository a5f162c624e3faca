using Handoff.Infrastructure.Persistence;
using Handoff.Application.Agents.AgentLeftAgentGroup;
using Handoff.Application.Common.Exceptions;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Infrastructure.Cluster;
using Handoff.Infrastructure.Settings;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// Every <see cref="GraphOptions.RevalidationInterval"/>, asks Graph again about each signed-in agent whose membership
/// answer is older than <see cref="GraphOptions.MembershipCacheDuration"/>. Someone removed from the agent group is
/// reported (<see cref="AgentLeftAgentGroupCommand"/>: Application signs them out, their users are told, the sign-out is audited).
/// While Graph cannot answer, agents stay signed in: an outage is not evidence that anyone lost their rights, and
/// signing everyone out would end every live conversation. They are checked again at each interval until Graph answers.
/// With several instances on one database, the loop re-checks on the one holding the <see cref="LeaseName"/> lease
/// (<see cref="OncePerPeriod"/>): one Graph call per agent per interval, not one per instance.
/// </summary>
public sealed class MembershipRevalidationService(
    IServiceScopeFactory scopes,
    GraphClientProvider graph,
    MembershipCache cache,
    OncePerPeriod duty,
    IOptionsMonitor<TeamsOptions> teams,
    IOptionsMonitor<GraphOptions> options,
    TimeProvider clock,
    ILogger<MembershipRevalidationService> logger) : BackgroundService
{
    public const string LeaseName = "membership-revalidation";

    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly DatabaseOutageLog _outage = new(logger, "The membership revalidation");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await duty.IsMineAsync(LeaseName, options.CurrentValue.RevalidationInterval, stoppingToken))
                {
                    await RevalidateAsync(stoppingToken);
                }

                _outage.Reached();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await duty.StepDownAsync(LeaseName);
                return;
            }
            catch (Exception ex)
            {
                if (!_outage.Report(ex))
                {
                    logger.LogError(ex, "Re-checking agent group membership failed; trying again at the next interval.");
                }
            }

            try
            {
                await Task.Delay(options.CurrentValue.RevalidationInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                await duty.StepDownAsync(LeaseName);
                return;
            }
        }
    }

    /// <summary>One pass over the signed-in agents; returns how many were signed out. Passes never overlap.</summary>
    public async Task<int> RevalidateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await RevalidateOnceAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> RevalidateOnceAsync(CancellationToken cancellationToken)
    {
        var group = teams.CurrentValue.AgentGroupObjectId?.Trim();
        if (graph.Current is null || string.IsNullOrEmpty(group))
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        // Only when Graph is the agent directory: another directory (a test fake) has its own rules.
        if (scope.ServiceProvider.GetRequiredService<IAgentDirectory>() is not GraphAgentDirectory directory)
        {
            return 0;
        }

        var signedOut = 0;
        var agents = await scope.ServiceProvider.GetRequiredService<IAgentRepository>().ListLoggedInAsync(cancellationToken);
        foreach (var agent in agents.Where(a => !string.IsNullOrWhiteSpace(a.EntraObjectId)))
        {
            if (cache.TryGetFresh(agent.EntraObjectId!, group, out _))
            {
                continue;
            }

            var answer = await directory.AuthorizeAsync(agent.EntraObjectId!, cancellationToken);
            switch (answer.Outcome)
            {
                case AgentAuthorizationOutcome.NotAMember:
                    logger.LogInformation("Agent {AgentId} ({EntraObjectId}) is no longer a member of the agent group; signing them out.", agent.Id, agent.EntraObjectId);
                    await SignOutAsync(agent.Id, cancellationToken);
                    signedOut++;
                    break;
                case AgentAuthorizationOutcome.Unavailable:
                    logger.LogWarning("Cannot re-check agent {AgentId} ({Detail}); they stay signed in until Graph answers.", agent.Id, answer.Detail);
                    break;
                default:
                    break;
            }
        }

        return signedOut;
    }

    private async Task SignOutAsync(AgentId agentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AgentLeftAgentGroupCommand(agentId), cancellationToken);
            if (result.IsFailure)
            {
                logger.LogInformation("Agent {AgentId} was not signed out: {Reason}", agentId, result.Error.Code);
            }
        }
        catch (ConcurrencyConflictException)
        {
            // Every retry of the conflict policy lost (the agent kept changing); the next pass reports it again.
            logger.LogInformation("Agent {AgentId} changed while being signed out; the next pass tries again.", agentId);
        }
    }
}
