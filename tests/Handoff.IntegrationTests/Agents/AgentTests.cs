using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Agents;

public sealed class AgentTests
{
    [Fact]
    public async Task Login_FromAnotherTenant_IsRefusedAndAudited()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        harness.Directory.AddMember(People.EntraId("mallory"), "Mallory");

        (await people.TeamsAgent("mallory", "login", tenant: "99999999-0000-4000-8000-000000000009")).IsFailure.ShouldBeTrue();

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("mallory")).ShouldBe(["Sorry, only people from this organization can log in as agents."]);
        harness.Directory.Calls.ShouldBe(0);
        (await harness.ReadAsync(db => db.AuditRecords.SingleAsync())).Type.ShouldBe(AuditType.AgentLoginRefused);
        (await harness.ReadAsync(db => db.Agents.AnyAsync())).ShouldBeFalse();
    }

    [Fact]
    public async Task Login_ByANonMember_IsPolitelyRefusedAndStaysAnEndUser()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        await people.TeamsAgent("eve", "login");
        await people.TeamsAgent("eve", "connect");

        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("eve"));
        seen[0].ShouldBe("Sorry, you are not authorized to act as an agent. Ask your administrator to add you to the agent group.");
        seen[1].ShouldBe(Words.Default(nameof(HandoffMessages.Fallback)));
    }

    [Fact]
    public async Task Login_WhenTheDirectoryIsDown_AsksToTryAgain()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        harness.Directory.ForcedOutcome = AgentAuthorizationOutcome.Unavailable;

        await people.TeamsAgent("alice", "login");

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(["I cannot verify agent membership right now. Please try again in a minute."]);
    }

    [Fact]
    public async Task Login_WithoutADirectory_SaysItIsNotConfigured()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        harness.Directory.ForcedOutcome = AgentAuthorizationOutcome.NotConfigured;

        await people.TeamsAgent("alice", "login");

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem().ShouldContain("not configured");
    }

    [Fact]
    public async Task Login_FromAnUnauthenticatedRequest_IsRefused()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        harness.Directory.AddMember(People.EntraId("alice"), "Alice");

        await people.TeamsAgent("alice", "login", authenticated: false);

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(["This channel is not authenticated, so you cannot log in as an agent here."]);
    }

    [Fact]
    public async Task WebChatAgent_WithAVerifiedClaim_LogsInWithoutTheDirectory()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        (await people.WebAgent("walt", "login")).IsSuccess.ShouldBeTrue();

        harness.Directory.Calls.ShouldBe(0);
        var agent = await harness.ReadAsync(db => db.Agents.SingleAsync());
        agent.Status.ShouldBe(AgentStatus.Available);
        agent.EntraObjectId.ShouldBeNull();
    }

    [Fact]
    public async Task Logout_WhileConnected_IsRefusedUntilDisconnect()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync();

        (await people.TeamsAgent("alice", "logout")).IsFailure.ShouldBeTrue();
        await people.TeamsAgent("alice", "disconnect");
        (await people.TeamsAgent("alice", "logout")).IsSuccess.ShouldBeTrue();

        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice"));
        seen[0].ShouldBe("You are still connected to a user. Type disconnect first.");
        seen[^1].ShouldBe("You're signed out. Type *login* to start again.");
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).Status.ShouldBe(AgentStatus.LoggedOut);
    }

    [Fact]
    public async Task AwayAgents_AreNotToldAboutNewUsers()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.LoginTeamsAgentAsync("bob");
        await people.TeamsAgent("bob", "status away");
        await harness.DeliverAsync();

        await people.User("jane", "agent");

        var delivered = await harness.DeliverAsync();
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem().ShouldContain(Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")));
        delivered.SeenBy(People.TeamsAddress("bob")).ShouldBeEmpty();
    }

    [Fact]
    public async Task AgentCommands_ListStatusOptionsHelp_AnswerTheAgent()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");
        await harness.DeliverAsync();

        await people.TeamsAgent("alice", "list");
        await people.TeamsAgent("alice", "status");
        await people.TeamsAgent("alice", "status sleeping");
        await people.TeamsAgent("alice", "options");
        await people.TeamsAgent("alice", "help");

        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice"));
        seen[0].ShouldContain("1. Jane Doe (");
        seen[0].ShouldContain(Words.Default(nameof(HandoffMessages.ConversationListNoneConnected)));
        seen[1].ShouldBe(Words.Default(nameof(HandoffMessages.AgentStatusIs), ("status", "Available")));
        seen[2].ShouldBe("Status must be 'available' or 'away'.");
        seen[3].ShouldContain(Words.Default(nameof(HandoffMessages.AgentOptionsTitle), ("agent", "Alice")));
        seen[4].ShouldStartWith("Agent commands:");
    }

    [Fact]
    public async Task AgentText_WhenNotConnected_GetsTheAgentFallback()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await harness.DeliverAsync();

        await people.TeamsAgent("alice", "good morning everyone");

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(["I didn't get that. Type *help* for the agent commands."]);
    }

    [Fact]
    public async Task Disconnect_WithUsersStillWaiting_ShowsTheAgentTheNextOne()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync();
        await people.User("john", "agent");
        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBeEmpty();

        await people.TeamsAgent("alice", "disconnect");

        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice"));
        seen[0].ShouldBe("Conversation with Jane Doe ended.");
        seen[1].ShouldStartWith("John is waiting");
        seen.Count.ShouldBe(2);
    }
}
