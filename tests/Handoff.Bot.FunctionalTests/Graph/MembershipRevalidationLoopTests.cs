using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Handoff.Bot.FunctionalTests.Graph.GraphScenario;

namespace Handoff.Bot.FunctionalTests.Graph;

/// <summary>
/// Membership revalidation as it runs in production: nobody calls a pass by hand; the hosted loop wakes on the
/// product's (fake) clock, asks the Graph fake over loopback, and signs out whoever left the agent group.
/// </summary>
public sealed class MembershipRevalidationLoopTests
{
    [Fact]
    public async Task MemberRemovedFromTheGroup_WhenTheClockPassesTheCacheTime_HostedLoopSignsThemOut()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        await using var scenario = await GraphScenario.StartAsync(clock: clock, settings: [("Graph:MembershipCacheDuration", "00:05:00"), ("Graph:RevalidationInterval", "00:00:30")]);
        await scenario.AgentSaysAsync("alice", Alice, "login");
        await scenario.WaitForAsync(TeamsAddress("alice"), Words.Start(nameof(HandoffMessages.AgentSignedIn)));
        await scenario.AgentSaysAsync("bob", Bob, "login");
        await scenario.WaitForAsync(TeamsAddress("bob"), Words.Start(nameof(HandoffMessages.AgentSignedIn)));

        scenario.Graph.RemoveMember(AgentGroup, Alice);
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30)); // past the cached answer and one loop period

        await scenario.WaitForAsync(TeamsAddress("alice"), "You were signed out: you are no longer a member of the agent group.");
        var alice = await scenario.InScopeAsync(sp => sp.GetRequiredService<HandoffDbContext>().Set<Agent>().SingleAsync(a => a.EntraObjectId == Alice));
        alice.Status.ShouldBe(AgentStatus.LoggedOut);
        (await scenario.InScopeAsync(sp => sp.GetRequiredService<IAgentRepository>().ListLoggedInAsync(CancellationToken.None)))
            .Select(a => a.EntraObjectId).ShouldBe([Bob]);
    }
}
