using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Infrastructure.Graph;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport.FakeGraph;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using static Handoff.Bot.FunctionalTests.Graph.GraphScenario;

namespace Handoff.Bot.FunctionalTests.Graph;

/// <summary>Teams agents authorized by the agent group in (fake) Microsoft Graph, and Teams meetings through it, end to end.</summary>
public sealed class TeamsAgentGraphTests
{
    [Fact]
    public async Task Login_ThroughTheAgentGroup_IsGrantedRefusedToOthersAndUnavailableWhileGraphIsDown()
    {
        await using var scenario = await GraphScenario.StartAsync();

        await scenario.AgentSaysAsync("bob", Bob, "login");
        await scenario.AgentSaysAsync("carol", Carol, "login");
        await scenario.WaitForAsync(TeamsAddress("bob"), Words.Start(nameof(HandoffMessages.AgentSignedIn)));
        await scenario.WaitForAsync(TeamsAddress("bob"), "Bob Berg"); // the options card shows the name from the directory
        await scenario.WaitForAsync(TeamsAddress("carol"), "you are not authorized to act as an agent");

        scenario.Graph.FailAlways(GraphEndpoint.CheckMemberGroups, 503, retryAfterSeconds: 0);
        await scenario.AgentSaysAsync("alice", Alice, "login");
        await scenario.WaitForAsync(TeamsAddress("alice"), "I cannot verify agent membership right now. Please try again in a minute.");

        var loggedIn = await scenario.InScopeAsync(sp => sp.GetRequiredService<IAgentRepository>().ListLoggedInAsync(CancellationToken.None));
        loggedIn.Select(a => a.EntraObjectId).ShouldBe([Bob]);
        scenario.Graph.Requests.ShouldAllBe(r => r.Authorization == $"Bearer {FakeTokenCredential.Token}");
        scenario.Credentials.Created.ShouldHaveSingleItem().Settings.TenantId.ShouldBe(FakeGraphHostExtensions.TenantId);
        scenario.Host.Logs.Lines.ShouldNotContain(line => line.Contains(FakeGraphHostExtensions.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Meeting_On403And404_UsesTheDefaultOrganizerAndExplainsWhenThereIsNone()
    {
        await using var scenario = await GraphScenario.StartAsync(defaultOrganizer: Olga);
        await ConnectAsync(scenario, "alice", Alice, "u1");
        await ConnectAsync(scenario, "dave", Dave, "u2");
        await ConnectAsync(scenario, "erin", Erin, "u3");

        // The agent organizes; asking again returns the same meeting.
        await scenario.AgentSaysAsync("alice", Alice, "meeting");
        await scenario.WaitForAsync(TeamsAddress("alice"), "Meeting created (organizer: Alice Anders)");
        await scenario.AgentSaysAsync("alice", Alice, "meeting");
        scenario.Graph.Count(GraphEndpoint.CreateOrGetMeeting).ShouldBe(2);
        var aliceMeeting = scenario.Graph.Meetings.ShouldHaveSingleItem();
        aliceMeeting.OrganizerId.ShouldBe(Alice);
        var invitation = await scenario.WaitForAsync(UserAddress("u1"), "Join meeting");
        Content(invitation).ShouldContain(aliceMeeting.JoinWebUrl);

        // 403 (no application access policy for Dave) → the default organizer.
        await scenario.AgentSaysAsync("dave", Dave, "meeting");
        await scenario.WaitForAsync(TeamsAddress("dave"), "Meeting created (organizer: the default organizer)");
        var olgaMeeting = scenario.Graph.Meetings.Single(m => m.OrganizerId == Olga);
        Content(await scenario.WaitForAsync(UserAddress("u2"), "Join meeting")).ShouldContain(olgaMeeting.JoinWebUrl);
        olgaMeeting.Body.ShouldContain(Dave); // the agent joins the default organizer's meeting as a presenter

        // 404 (the agent is unknown as an organizer) → the default organizer.
        scenario.Graph.Fail(GraphEndpoint.CreateOrGetMeeting, 404);
        await scenario.AgentSaysAsync("erin", Erin, "meeting");
        await scenario.WaitForAsync(TeamsAddress("erin"), "Meeting created (organizer: the default organizer)");
        scenario.Graph.Meetings.Count(m => m.OrganizerId == Olga).ShouldBe(2);

        // No default organizer any more (changed at run time): Dave is told exactly why.
        scenario.ChangeSetting("Teams:DefaultMeetingOrganizerObjectId", "");
        await scenario.AgentSaysAsync("dave", Dave, "meeting");
        await scenario.WaitForAsync(TeamsAddress("dave"),
            "No meeting could be created: the organizer is not allowed to create meetings through this app (no Teams application access policy or licence). No default meeting organizer is configured (Teams:DefaultMeetingOrganizerObjectId).");

        var audit = await scenario.InScopeAsync(sp => sp.GetRequiredService<HandoffDbContext>().Set<AuditRecord>().Where(a => a.Type == AuditType.MeetingCreated).Select(a => a.Details).ToListAsync());
        audit.ShouldContain($"organizer {Alice}, default organizer used: False");
        audit.Count(d => d == $"organizer {Olga}, default organizer used: True").ShouldBe(2);
    }

    [Fact]
    public async Task MemberRemovedFromTheGroup_IsSignedOutWithinTheCacheTime_NobodyIsWhileGraphIsDown()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        var cacheTime = TimeSpan.FromMinutes(5);
        await using var scenario = await GraphScenario.StartAsync(clock: clock, settings: [("Graph:MembershipCacheDuration", "00:05:00"), ("Graph:RevalidationInterval", "00:00:30")]);
        await ConnectAsync(scenario, "alice", Alice, "u1");
        await scenario.AgentSaysAsync("bob", Bob, "login");
        await scenario.WaitForAsync(TeamsAddress("bob"), Words.Start(nameof(HandoffMessages.AgentSignedIn)));
        var loginAt = clock.GetUtcNow();

        // The background loop runs as in production; the test also runs one pass itself right after moving the clock, so
        // what it observes does not depend on when the loop wakes up.
        var revalidation = scenario.Host.Services.GetServices<IHostedService>().OfType<MembershipRevalidationService>().Single();
        scenario.Graph.RemoveMember(AgentGroup, Alice);
        clock.Advance(cacheTime - TimeSpan.FromSeconds(1));
        await revalidation.RevalidateAsync(TestContext.Current.CancellationToken);
        (await scenario.InScopeAsync(sp => sp.GetRequiredService<IAgentRepository>().ListLoggedInAsync(CancellationToken.None)))
            .Select(a => a.EntraObjectId).ShouldBe([Alice, Bob], ignoreOrder: true, "one second before the cached answer expires, Alice is still signed in");

        clock.Advance(TimeSpan.FromSeconds(1));
        await revalidation.RevalidateAsync(TestContext.Current.CancellationToken);
        await scenario.WaitForAsync(TeamsAddress("alice"), "You were signed out: you are no longer a member of the agent group.");

        var alice = await scenario.InScopeAsync(sp => sp.GetRequiredService<HandoffDbContext>().Set<Agent>().SingleAsync(a => a.EntraObjectId == Alice));
        alice.Status.ShouldBe(AgentStatus.LoggedOut);
        var signedOutAt = await scenario.InScopeAsync(sp => sp.GetRequiredService<HandoffDbContext>().Set<AuditRecord>().Where(a => a.Type == AuditType.AgentLoggedOut).Select(a => a.At).SingleAsync());
        signedOutAt.ShouldBe(loginAt + cacheTime, "signed out by the first pass after the cache time, not before");
        await scenario.WaitForAsync(UserAddress("u1"), "has left the conversation");
        var agents = await scenario.InScopeAsync(sp => sp.GetRequiredService<IAgentRepository>().ListLoggedInAsync(CancellationToken.None));
        agents.Select(a => a.EntraObjectId).ShouldBe([Bob]);
        var audit = await scenario.InScopeAsync(sp => sp.GetRequiredService<HandoffDbContext>().Set<AuditRecord>().Where(a => a.Type == AuditType.AgentLoggedOut).Select(a => a.Details).ToListAsync());
        audit.ShouldHaveSingleItem().ShouldContain(nameof(AgentLogoutReason.MembershipRevoked));

        // Graph goes down: Bob's answer expires and cannot be renewed; he stays signed in.
        scenario.Graph.FailAlways(GraphEndpoint.CheckMemberGroups, 503, retryAfterSeconds: 0);
        var failedChecks = scenario.Graph.Count(GraphEndpoint.CheckMemberGroups);
        clock.Advance(cacheTime);
        await revalidation.RevalidateAsync(TestContext.Current.CancellationToken);
        scenario.Graph.Count(GraphEndpoint.CheckMemberGroups).ShouldBeGreaterThan(failedChecks);
        var stillIn = await scenario.InScopeAsync(sp => sp.GetRequiredService<IAgentRepository>().ListLoggedInAsync(CancellationToken.None));
        stillIn.Select(a => a.EntraObjectId).ShouldBe([Bob]);
    }

    private static async Task ConnectAsync(GraphScenario scenario, string agentKey, string entraObjectId, string userKey)
    {
        await scenario.UserSaysAsync(userKey, "I want an agent");
        await scenario.WaitForAsync(UserAddress(userKey), "in the queue");
        await scenario.AgentSaysAsync(agentKey, entraObjectId, "login");
        await scenario.WaitForAsync(TeamsAddress(agentKey), Words.Start(nameof(HandoffMessages.AgentSignedIn)));
        await scenario.AgentSaysAsync(agentKey, entraObjectId, "connect");
        await scenario.WaitForAsync(UserAddress(userKey), "You're now chatting with");
    }
}
