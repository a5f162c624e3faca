using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>The durable outbox: retries with backoff honouring Retry-After, order per conversation, dead letters and blocked recipients.</summary>
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task Throttled_ThenAccepted_IsDeliveredOnceAndInOrder()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("jane", "hello");
        await people.User("jane", "help");
        harness.Sender.Script(People.UserAddress("jane").ConversationId, DeliveryResult.Transient("429 Too Many Requests", TimeSpan.FromSeconds(7)));

        (await harness.DeliverAsync()).ShouldBeEmpty();
        harness.Clock.Advance(TimeSpan.FromSeconds(6));
        (await harness.DeliverAsync()).ShouldBeEmpty();
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var delivered = await harness.DeliverAsync();

        delivered.SeenBy(People.UserAddress("jane")).ShouldBe(
        [
            "Hi! I'm the assistant. Type *agent* at any time to talk to a person.",
            "I can connect you with a person: type *agent*. While you wait, type *cancel* to leave the queue. When talking with an agent, type *end chat* to finish.",
        ]);
        harness.Sender.Attempts.ShouldBe(3);
        (await harness.DeliverAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ExhaustedRetries_AreDeadLetteredAndTheSenderIsToldNotDelivered()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Outbox:MaxAttempts", "2"), ("Outbox:FirstRetryDelay", "00:00:01")));
        var people = new People(harness);
        await people.ConnectedAsync();
        await people.TeamsAgent("alice", "Take two pills");
        harness.Sender.Script(People.UserAddress("jane").ConversationId, DeliveryResult.Transient("503"), DeliveryResult.Transient("503"));

        await harness.DeliverAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var delivered = await harness.DeliverAsync();

        delivered.ShouldBeEmpty();
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(["Not delivered: \"**Alice:** Take two pills\" could not be delivered (Transient)."]);
        var dead = await harness.ReadAsync(db => db.OutboxMessages.SingleAsync(m => m.DeadLetteredAt != null));
        dead.Attempts.ShouldBe(2);
        dead.LastError.ShouldBe("503");
        (await harness.ReadAsync(db => db.AuditRecords.CountAsync(a => a.Type == AuditType.DeliveryFailed))).ShouldBe(1);
        harness.Logs.Lines.ShouldContain(l => l.Contains("was not delivered after 2 attempt(s)"));
    }

    [Fact]
    public async Task RecipientBlockedTheBot_TheAgentIsSignedOutAndTheirUserTold()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync();
        await people.User("jane", "are you there?");
        harness.Sender.Script(People.TeamsAddress("alice").ConversationId, DeliveryResult.Blocked("403 MessageWritesBlocked"));

        await harness.DeliverAsync();
        var after = await harness.DeliverAsync();

        after.SeenBy(People.UserAddress("jane")).ShouldContain("Alice has left the conversation. You're back with the assistant.");
        after.SeenBy(People.UserAddress("jane")).ShouldContain("Not delivered: \"**Jane Doe:** are you there?\" could not be delivered (RecipientBlocked).");
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).Status.ShouldBe(AgentStatus.LoggedOut);
        (await harness.ReadAsync(db => db.AuditRecords.SingleAsync(a => a.Type == AuditType.AgentLoggedOut))).Details.ShouldBe("logged out: Unreachable");
    }

    [Fact]
    public async Task AMessageStuckForOneConversation_DoesNotHoldBackAnother()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("jane", "hello");
        await people.User("john", "hello");
        harness.Sender.Script(People.UserAddress("jane").ConversationId, DeliveryResult.Transient("timeout"));

        var delivered = await harness.DeliverAsync();

        delivered.ShouldHaveSingleItem().Message.To.Key.ShouldBe(People.UserAddress("john").Key);
        var stuck = await harness.ReadAsync(db => db.OutboxMessages.SingleAsync(m => m.DeliveredAt == null));
        stuck.OrderingKey.ShouldBe(People.UserAddress("jane").Key);
        stuck.LastError.ShouldBe("timeout");
    }

    [Fact]
    public async Task AChannelThatStopsAnswering_DoesNotHoldBackOtherConversations()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("jane", "hello");
        await people.User("john", "hello");
        var release = harness.Sender.Hold(People.UserAddress("jane").ConversationId);

        var pass = harness.DeliverAsync();
        var toJohn = await harness.Sender.WaitForAsync(d => d.Message.To.Key == People.UserAddress("john").Key);
        release();
        await pass;

        toJohn.Message.Text.ShouldStartWith("Hi! I'm the assistant.");
        harness.Sender.To(People.UserAddress("jane").ConversationId).ShouldHaveSingleItem();
    }
}
