using Handoff.Application.Common.Settings;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>The whole story of product.md §9, through the real pipeline and database, one step at a time.</summary>
public sealed class HandoffStoryTests
{
    [Fact]
    public async Task UserAndAgent_FromRequestToDisconnect_EverythingSaidRecordedAndDeliveredInOrder()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        var jane = People.UserAddress("jane");
        var alice = People.TeamsAddress("alice");

        // The user asks for an agent while nobody is online.
        (await people.User("jane", "I want to talk to a human")).IsSuccess.ShouldBeTrue();
        var asked = await harness.DeliverAsync();
        asked.SeenBy(jane).ShouldHaveSingleItem().ShouldContain("You're number 1 in the queue (estimated wait about 2 minutes)");
        asked.SeenBy(jane)[0].ShouldContain("No agents are online right now");
        var conversation = await harness.ReadAsync(db => db.Conversations.SingleAsync());
        conversation.State.ShouldBe(ConversationState.Waiting);

        // The agent logs in and is told about the waiting user.
        await people.LoginTeamsAgentAsync("alice");
        var login = (await harness.DeliverAsync()).SeenBy(alice);
        login[0].ShouldBe("You're signed in as an agent (Available). 1 user waiting.");
        login[1].ShouldContain(Words.Default(nameof(HandoffMessages.AgentOptionsTitle), ("agent", "Alice")));
        login[2].ShouldContain(Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")));
        login[2].ShouldContain(conversation.Id.ToString());

        // The waiting user writes: kept for the agent, no reminder within the first minute.
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await people.User("jane", "my knee still hurts");
        (await harness.DeliverAsync()).ShouldBeEmpty();

        // The agent presses Connect on the card.
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        (await people.TeamsAgent("alice", string.Empty, People.Connect(conversation.Id.Value))).IsSuccess.ShouldBeTrue();
        var connected = await harness.DeliverAsync();
        connected.SeenBy(jane).ShouldBe([Words.Default(nameof(HandoffMessages.AgentConnected), ("agent", "Alice"))]);
        connected.SeenBy(alice).Count.ShouldBe(2);
        connected.SeenBy(alice)[1].ShouldBe("Jane Doe — taken by Alice Alice is talking with Jane Doe.");
        var briefing = connected.SeenBy(alice)[0];
        briefing.ShouldContain("You're connected to Jane Doe (waited 1 minute)");
        briefing.ShouldContain("Jane Doe: my knee still hurts");

        // Messages are relayed both ways, agent messages carry the agent's name.
        await people.User("jane", "hello?");
        await people.TeamsAgent("alice", "Let's look at it on video.");
        var relayed = await harness.DeliverAsync();
        relayed.SeenBy(alice).ShouldBe(["**Jane Doe:** hello?"]);
        relayed.SeenBy(jane).ShouldBe(["[Alice] **Alice:** Let's look at it on video."]);

        // A meeting, organized by the agent.
        await people.TeamsAgent("alice", "meeting");
        var meeting = await harness.DeliverAsync();
        var invitation = meeting.SeenBy(jane).ShouldHaveSingleItem();
        invitation.ShouldContain("Alice invites you to a Microsoft Teams meeting");
        var joinUrl = harness.Meetings.Created.ShouldHaveSingleItem().JoinUrl;
        invitation.ShouldContain($"[Join meeting {joinUrl}]");
        meeting.SeenBy(alice).ShouldHaveSingleItem().ShouldStartWith(Words.Default(nameof(HandoffMessages.MeetingCreated), ("organizer", "Alice"), ("user", "Jane Doe"), ("url", joinUrl)));
        harness.Meetings.Requests.ShouldHaveSingleItem().OrganizerObjectId.ShouldBe(People.EntraId("alice"));

        // The agent disconnects; the user is back with the bot.
        await people.TeamsAgent("alice", "disconnect");
        var ended = await harness.DeliverAsync();
        ended.SeenBy(jane).ShouldBe(["Alice has left the conversation. You're back with the assistant."]);
        ended.SeenBy(alice).ShouldBe(["Conversation with Jane Doe ended."]);
        await people.User("jane", "hello");
        (await harness.DeliverAsync()).SeenBy(jane).ShouldBe(["Hi! I'm the assistant. Type *agent* at any time to talk to a person."]);

        var transcript = await harness.ReadAsync(db => db.TranscriptEntries.OrderBy(t => t.Id).Select(t => t.Sender + ": " + t.Text).ToListAsync());
        transcript.ShouldBe(
        [
            "User: I want to talk to a human",
            "Bot: I'm connecting you to an agent. You're number 1 in the queue (estimated wait about 2 minutes). Type *cancel* to leave the queue. No agents are online right now. You'll stay in the queue and someone will be with you as soon as possible.",
            "User: my knee still hurts",
            "Bot: You're now chatting with Alice (agent).",
            "User: hello?",
            "Agent: Let's look at it on video.",
            "Bot: " + Words.Default(nameof(HandoffMessages.MeetingInvitation), ("agent", "Alice"), ("url", joinUrl)),
            "Bot: Alice has left the conversation. You're back with the assistant.",
            "User: hello",
            "Bot: Hi! I'm the assistant. Type *agent* at any time to talk to a person.",
        ]);
        var audit = await harness.ReadAsync(db => db.AuditRecords.OrderBy(a => a.Id).Select(a => a.Type).ToListAsync());
        audit.ShouldBe([AuditType.HandoffRequested, AuditType.AgentLoggedIn, AuditType.AgentConnected, AuditType.MeetingCreated, AuditType.HandoffEnded]);
        var connect = await harness.ReadAsync(db => db.AuditRecords.SingleAsync(a => a.Type == AuditType.AgentConnected));
        connect.Actor.ShouldBe("Alice");
        connect.WaitSeconds.ShouldBe(60);
        var disconnect = await harness.ReadAsync(db => db.AuditRecords.SingleAsync(a => a.Type == AuditType.HandoffEnded));
        disconnect.Actor.ShouldBe("Alice");
        disconnect.Details.ShouldBe("ended by Alice: AgentDisconnected (agent Alice)");
    }

    [Fact]
    public async Task WaitingUser_WritingAfterAMinute_IsRemindedOfTheirPlace()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("ann", "agent please");
        await people.User("jane", "agent please");
        await harness.DeliverAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await people.User("jane", "anyone?");
        await people.User("jane", "hello??");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe(["You're still number 2 in the queue."]);
    }

    [Fact]
    public async Task Cancel_WhileWaiting_ReturnsToBotAndTheAgentCardSaysSo()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");
        var toAlice = (await harness.DeliverAsync()).Where(d => d.Message.To.Key == People.TeamsAddress("alice").Key).ToList();
        var waitingCard = toAlice.Single(d => d.Message.CorrelationKey is not null);

        await people.User("jane", "cancel");
        var delivered = await harness.DeliverAsync();

        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(["You've left the queue. You're back with the assistant."]);
        var replaced = delivered.Single(d => d.Message.To.Key == People.TeamsAddress("alice").Key);
        replaced.ReplacedActivityId.ShouldBe(waitingCard.ActivityId);
        Deliveries.Visible(replaced).ShouldContain("Jane Doe left the queue.");
        (await harness.ReadAsync(db => db.Conversations.SingleAsync())).State.ShouldBe(ConversationState.Bot);
    }

    [Fact]
    public async Task Connect_WithAnEmptyQueue_SaysNobodyIsWaiting()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await harness.DeliverAsync();

        (await people.TeamsAgent("alice", "connect")).IsFailure.ShouldBeTrue();

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(["No users are currently waiting for an agent."]);
    }

    [Fact]
    public async Task Connect_ServesHigherPriorityFirstThenFirstCome()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("first", "agent");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await people.User("second", "agent");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await people.User("urgent", "hi");
        var urgent = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "Urgent"));
        await harness.SendAsync(new Application.Conversations.RequestHandoff.RequestHandoffCommand(urgent.Id, "chest pain", 5, HandoffSource.EndUser));
        await people.LoginTeamsAgentAsync("alice");
        await people.LoginTeamsAgentAsync("bob");
        await people.LoginTeamsAgentAsync("carol");
        await harness.DeliverAsync();

        await people.TeamsAgent("alice", "connect");
        await people.TeamsAgent("bob", "connect");
        await people.TeamsAgent("carol", "connect");

        var byAgent = await harness.ReadAsync(db => db.Conversations.Where(c => c.State == ConversationState.Connected).Select(c => c.AgentName + " → " + c.UserName).ToListAsync());
        byAgent.Order().ShouldBe(["Alice → Urgent", "Bob → First", "Carol → Second"]);
    }

    [Fact]
    public async Task SameInboundActivity_Twice_IsProcessedOnce()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        var first = await people.User("jane", "agent", activityId: "activity-1");
        var again = await people.User("jane", "agent", activityId: "activity-1");

        first.IsSuccess.ShouldBeTrue();
        again.Error.Code.ShouldBe("activity.duplicate");
        (await harness.DeliverAsync()).Count.ShouldBe(1);
        (await harness.ReadAsync(db => db.TranscriptEntries.CountAsync(t => t.Sender == TranscriptSender.User))).ShouldBe(1);
    }

    [Fact]
    public async Task UnknownCardCommand_GetsAClearReply()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await harness.DeliverAsync();

        await people.TeamsAgent("alice", string.Empty, """{"command":"teleport"}""");
        await people.User("jane", string.Empty, valueJson: """{"command":"teleport"}""");

        var delivered = await harness.DeliverAsync();
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBe(["Unknown command 'teleport'. Type *help* for the agent commands."]);
        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(["Unknown command 'teleport'."]);
    }

    [Fact]
    public async Task EndUserTypingAnAgentCommand_IsNotAnAgentCommand()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        await people.User("jane", "connect");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe([Words.Default(nameof(HandoffMessages.Fallback))]);
    }

    [Fact]
    public async Task HandoffDisabled_RequestIsRefusedWithTheConfiguredText()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Enabled", "false"), ("Handoff:Messages:HandoffDisabled", "Our team is offline.")));
        var people = new People(harness);

        (await people.User("jane", "agent")).IsFailure.ShouldBeTrue();

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe(["Our team is offline."]);
    }

    [Fact]
    public async Task UserEndsTheChat_BothSidesAreTold()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync();

        await people.User("jane", "end chat");

        var delivered = await harness.DeliverAsync();
        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(["You ended the conversation with Alice. You're back with the assistant."]);
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBe(["Jane Doe ended the conversation."]);
    }
}
