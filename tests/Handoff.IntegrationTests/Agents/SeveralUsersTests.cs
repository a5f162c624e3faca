using Handoff.Application.Common.Settings;
using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.TransferHandoff;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Agents;

/// <summary>One agent, two users (capacity 2): the agent's words reach only the focused user, never a guess.</summary>
public sealed class SeveralUsersTests
{
    [Fact]
    public async Task TheAgentsText_ReachesOnlyTheFocusedUser()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        await TwoUsersAsync(harness, people);

        await people.TeamsAgent("alice", "Hello John");
        var delivered = await harness.DeliverAsync();

        // John connected last, so he is the focus.
        delivered.SeenBy(People.UserAddress("john")).ShouldBe(["[Alice] **Alice:** Hello John"]);
        delivered.SeenBy(People.UserAddress("jane")).ShouldBeEmpty();
    }

    [Fact]
    public async Task WithNoFocus_TheTextReachesNobody_AndTheAgentGetsTheChooseCard()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "3")));
        var people = new People(harness);
        var (jane, john) = await TwoUsersAsync(harness, people);
        await people.User("ann", "agent");
        await people.TeamsAgent("alice", "connect");
        await people.TeamsAgent("alice", "disconnect");
        await harness.DeliverAsync();
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).FocusedConversation.ShouldBeNull();

        var result = await people.TeamsAgent("alice", "Your results are normal");
        var delivered = await harness.DeliverAsync();

        result.Error.ShouldBe(AgentErrors.ChooseFocus);
        delivered.SeenBy(People.UserAddress("jane")).ShouldBeEmpty();
        delivered.SeenBy(People.UserAddress("john")).ShouldBeEmpty();
        var card = delivered.SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem();
        card.ShouldContain("nothing was sent");
        card.ShouldContain($$"""[Jane Doe ({{jane.ShortId}}) {"command":"focus","conversationId":"{{jane.Id.Value}}"}]""");
        card.ShouldContain($$"""[John ({{john.ShortId}}) {"command":"focus","conversationId":"{{john.Id.Value}}"}]""");
        (await harness.ReadAsync(db => db.TranscriptEntries.CountAsync(t => t.Text == "Your results are normal"))).ShouldBe(0);
    }

    [Fact]
    public async Task PressingTheOtherUsersFocusButton_SwitchesWhereTheTextGoes()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (jane, _) = await TwoUsersAsync(harness, people);

        await people.TeamsAgent("alice", string.Empty, Focus(jane.Id.Value));
        await people.TeamsAgent("alice", "Hello Jane");
        var delivered = await harness.DeliverAsync();

        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBe([$"Your messages now go to Jane Doe ({jane.ShortId})."]);
        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(["[Alice] **Alice:** Hello Jane"]);
        delivered.SeenBy(People.UserAddress("john")).ShouldBeEmpty();
    }

    [Fact]
    public async Task TypingFocusWithAShortIdOrName_SwitchesWhereTheTextGoes()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (jane, john) = await TwoUsersAsync(harness, people);

        await people.TeamsAgent("alice", $"focus {jane.ShortId}");
        await people.TeamsAgent("alice", "one");
        await people.TeamsAgent("alice", "focus John");
        await people.TeamsAgent("alice", "two");
        var delivered = await harness.DeliverAsync();

        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(["[Alice] **Alice:** one"]);
        delivered.SeenBy(People.UserAddress("john")).ShouldBe(["[Alice] **Alice:** two"]);
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBe([$"Your messages now go to Jane Doe ({jane.ShortId}).", $"Your messages now go to John ({john.ShortId})."]);
    }

    [Fact]
    public async Task Disconnect_EndsOnlyTheFocusedUser_AndTheFocusMovesToTheOneLeft()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (jane, john) = await TwoUsersAsync(harness, people);

        await people.TeamsAgent("alice", "disconnect");
        var delivered = await harness.DeliverAsync();

        (await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == john.Id))).State.ShouldBe(ConversationState.Bot);
        (await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == jane.Id))).State.ShouldBe(ConversationState.Connected);
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldContain($"Your messages now go to Jane Doe ({jane.ShortId}).");
        delivered.SeenBy(People.UserAddress("jane")).ShouldBeEmpty();
    }

    [Fact]
    public async Task DisconnectWithAShortId_EndsThatUser()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (jane, john) = await TwoUsersAsync(harness, people);

        await people.TeamsAgent("alice", $"disconnect {jane.ShortId}");

        (await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == jane.Id))).State.ShouldBe(ConversationState.Bot);
        (await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == john.Id))).State.ShouldBe(ConversationState.Connected);
    }

    [Fact]
    public async Task RelayedUserMessages_NameTheUserAndCarryAFocusButton()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (jane, _) = await TwoUsersAsync(harness, people);

        await people.User("jane", "It hurts");
        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem();

        seen.ShouldBe($$"""**Jane Doe ({{jane.ShortId}}):** It hurts [Reply to Jane Doe ({{jane.ShortId}}) {"command":"focus","conversationId":"{{jane.Id.Value}}"}]""");
    }

    [Fact]
    public async Task List_ShowsTheAgentsUsersWithFocusButtons_AndMarksTheFocusedOne()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (jane, john) = await TwoUsersAsync(harness, people);

        await people.TeamsAgent("alice", "list");
        var card = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem();

        card.ShouldContain($"John ({john.ShortId}) — yours, focused");
        card.ShouldContain($"Jane Doe ({jane.ShortId}) — yours");
        card.ShouldContain($$"""[Focus Jane Doe ({{jane.ShortId}}) {"command":"focus","conversationId":"{{jane.Id.Value}}"}]""");
    }

    [Fact]
    public async Task Transfer_HandsTheFocusedUserToAnotherAgent_WithTheSummary_AndIsAudited()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var (_, john) = await TwoUsersAsync(harness, people);
        await people.LoginTeamsAgentAsync("bob");
        await people.User("john", "my knee");
        await harness.DeliverAsync();

        (await people.TeamsAgent("alice", "transfer bob")).IsSuccess.ShouldBeTrue();
        var delivered = await harness.DeliverAsync();

        var moved = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == john.Id));
        moved.AgentName.ShouldBe("Bob");
        delivered.SeenBy(People.UserAddress("john")).ShouldBe(["Bob has taken over the conversation."]);
        var briefing = delivered.SeenBy(People.TeamsAddress("bob")).ShouldHaveSingleItem();
        briefing.ShouldStartWith("You're connected to John");
        briefing.ShouldContain("- John: my knee");
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldContain("John is now with Bob.");
        var agents = await harness.ReadAsync(db => db.Agents.ToListAsync());
        agents.Single(a => a.DisplayName == "Alice").ConnectedConversations.ShouldNotContain(john.Id);
        agents.Single(a => a.DisplayName == "Bob").ConnectedConversations.ShouldBe([john.Id]);
        (await harness.ReadAsync(db => db.AuditRecords.SingleAsync(r => r.Type == AuditType.HandoffTransferred))).Details.ShouldBe("transferred by Alice to Bob");
    }

    [Theory]
    [InlineData("away")]
    [InlineData("full")]
    [InlineData("logged out")]
    [InlineData("unknown")]
    public async Task Transfer_ToAnAgentWhoCannotTakeTheUser_IsRefusedAndNothingChanges(string why)
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync("alice", "jane");
        await people.LoginTeamsAgentAsync("bob");
        switch (why)
        {
            case "away":
                await people.TeamsAgent("bob", "status away");
                break;
            case "full":
                await people.User("john", "agent");
                await people.TeamsAgent("bob", "connect");
                break;
            case "logged out":
                await people.TeamsAgent("bob", "logout");
                break;
        }

        await harness.DeliverAsync();
        var before = await SnapshotAsync(harness);

        var result = await people.TeamsAgent("alice", why == "unknown" ? "transfer zed" : "transfer bob");
        var delivered = await harness.DeliverAsync();

        result.IsFailure.ShouldBeTrue();
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBe([Words.Default(result.Error)]);
        delivered.SeenBy(People.UserAddress("jane")).ShouldBeEmpty();
        delivered.SeenBy(People.TeamsAddress("bob")).ShouldBeEmpty();
        (await SnapshotAsync(harness)).ShouldBe(before);
        (await harness.ReadAsync(db => db.AuditRecords.AnyAsync(r => r.Type == AuditType.HandoffTransferred))).ShouldBeFalse();
    }

    [Fact]
    public async Task TransferQueue_PutsTheUserAtTheHeadOfTheQueue_AndTellsTheAvailableAgents()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync("alice", "jane");
        await people.User("john", "agent");
        await people.LoginTeamsAgentAsync("bob");
        await harness.DeliverAsync();

        (await people.TeamsAgent("alice", "transfer queue")).IsSuccess.ShouldBeTrue();
        var delivered = await harness.DeliverAsync();

        var jane = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "Jane Doe"));
        jane.State.ShouldBe(ConversationState.Waiting);
        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(["You are back in the queue; the next available agent will take over."]);
        delivered.SeenBy(People.TeamsAddress("bob")).ShouldHaveSingleItem().ShouldStartWith(Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")));
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBe(["Jane Doe is back at the head of the queue."]);

        await people.TeamsAgent("bob", "connect");
        (await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == jane.Id))).AgentName.ShouldBe("Bob");
    }

    [Fact]
    public async Task TwentyConcurrentTransfersAndConnects_NeverGiveAUserTwoAgents_OrAnAgentTooMany_OrLoseAUser()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "2")));
        var people = new People(harness);
        var names = new[] { "alice", "bob", "carol", "dave" };
        foreach (var name in names)
        {
            await people.WebAgent(name, "login");
        }

        for (var i = 0; i < 6; i++)
        {
            await people.User($"user{i}", "agent");
        }

        var agents = await harness.ReadAsync(db => db.Agents.ToListAsync());
        await harness.SendAsync(new AcceptHandoffCommand(agents[0].Id, null));
        await harness.SendAsync(new AcceptHandoffCommand(agents[1].Id, null));

        // Twenty at once: the two serving agents hand their users around (to each other, to the free agents, back to the
        // queue) while every agent presses connect.
        var targets = new[] { "Bob", "Carol", "Dave", "Alice", "queue" };
        var work = Enumerable.Range(0, 20).Select(i => Task.Run(() => i % 2 == 0
            ? harness.SendAsync(new TransferHandoffCommand(agents[i % 4].Id, targets[i % targets.Length]))
            : harness.SendAsync(new AcceptHandoffCommand(agents[i % 4].Id, null))));
        await Task.WhenAll(work);

        var conversations = await harness.ReadAsync(db => db.Conversations.ToListAsync());
        var reloaded = await harness.ReadAsync(db => db.Agents.ToListAsync());
        conversations.Count.ShouldBe(6);
        conversations.ShouldAllBe(c => c.State == ConversationState.Waiting || c.State == ConversationState.Connected);
        foreach (var agent in reloaded)
        {
            agent.ConnectedConversations.Count.ShouldBeLessThanOrEqualTo(agent.Capacity);
            conversations.Where(c => c.State == ConversationState.Connected && c.AgentId == agent.Id).Select(c => c.Id.Value).Order()
                .ShouldBe(agent.ConnectedConversations.Select(c => c.Value).Order());
            if (agent.FocusedConversation is { } focused)
            {
                agent.ConnectedConversations.ShouldContain(focused);
            }
        }

        // Every connected user is held by exactly one agent's list.
        var held = reloaded.SelectMany(a => a.ConnectedConversations).ToList();
        held.Distinct().Count().ShouldBe(held.Count);
        held.Count.ShouldBe(conversations.Count(c => c.State == ConversationState.Connected));
    }

    private static async Task<(Conversation Jane, Conversation John)> TwoUsersAsync(HandoffHarness harness, People people)
    {
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");
        await people.TeamsAgent("alice", "connect");
        await people.User("john", "agent");
        await people.TeamsAgent("alice", "connect");
        await harness.DeliverAsync();
        var jane = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "Jane Doe"));
        var john = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "John"));
        return (jane, john);
    }

    private static Task<string> SnapshotAsync(HandoffHarness harness) => harness.ReadAsync(async db =>
    {
        var conversations = await db.Conversations.AsNoTracking().OrderBy(c => c.UserName).Select(c => $"{c.UserName}:{c.State}:{c.AgentName}:{c.Version}").ToListAsync();
        var agents = (await db.Agents.AsNoTracking().ToListAsync()).OrderBy(a => a.DisplayName)
            .Select(a => $"{a.DisplayName}:{a.Status}:{string.Join(",", a.ConnectedConversations)}:{a.FocusedConversation}:{a.Version}");
        return string.Join("|", conversations.Concat(agents));
    });

    private static string Focus(Guid conversationId) => $$"""{"command":"focus","conversationId":"{{conversationId}}"}""";
}
