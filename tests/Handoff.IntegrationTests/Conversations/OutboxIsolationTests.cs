using Handoff.Application.Common.Messaging;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>
/// The dispatcher's isolation rules (ADR-017) on the fake clock: a send that hangs holds only its own conversation and
/// times out on the clock, a long backlog takes turns with others, and every attempt carries the message's activity id.
/// </summary>
public sealed class OutboxIsolationTests
{
    [Fact]
    public async Task HungSend_HoldsOnlyItsConversation_TimesOutOnTheClock_AndIsRetriedWithTheSameActivityId()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Outbox:SendTimeout", "00:00:10"), ("Outbox:FirstRetryDelay", "00:00:01")));
        var people = new People(harness);
        var dispatcher = harness.Services.GetRequiredService<OutboxDispatcher>();
        var release = harness.Sender.Hold("conv-jane");
        await people.User("jane", "hello");
        var hung = await dispatcher.StartDueAsync(TestContext.Current.CancellationToken);
        hung.Count.ShouldBe(1);

        // A new pass while Jane's send is in flight: John is delivered, Jane is not started a second time.
        await people.User("john", "hello");
        var secondPass = await harness.DeliverAsync();
        secondPass.ShouldNotBeEmpty();
        secondPass.ShouldAllBe(d => d.Message.To.ConversationId == "conv-john");
        hung[0].IsCompleted.ShouldBeFalse();

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        (await hung[0]).ShouldBe(1);
        var janes = await harness.ReadAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.OrderingKey == People.UserAddress("jane").Key).ToListAsync());
        var timedOut = janes.ShouldHaveSingleItem();
        timedOut.DeliveredAt.ShouldBeNull();
        timedOut.Attempts.ShouldBe(1);
        timedOut.LastError.ShouldNotBeNull().ShouldContain("did not answer");
        timedOut.ActivityId.ShouldNotBeNullOrEmpty();

        release();
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var retried = await harness.DeliverAsync();
        retried.ShouldHaveSingleItem().Message.ActivityId.ShouldBe(timedOut.ActivityId);
        retried.SeenBy(People.UserAddress("jane")).ShouldHaveSingleItem().ShouldStartWith("Hi!");
    }

    [Fact]
    public async Task LongBacklog_GoesToTheBackOfTheLineAfterItsTurn()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Outbox:ConversationsInParallel", "1"), ("Outbox:MessagesPerTurn", "2")));
        var people = new People(harness);
        await people.User("jane", "hello");
        await people.User("jane", "help");
        await people.User("jane", "help");
        await people.User("john", "hello");
        var jane = People.UserAddress("jane").Key;

        var first = await harness.DeliverAsync();
        first.Select(d => d.Message.To.Key).ShouldBe([jane, jane]);
        var second = await harness.DeliverAsync();
        second.ShouldHaveSingleItem().Message.To.Key.ShouldBe(People.UserAddress("john").Key);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await harness.DeliverAsync();
        third.ShouldNotBeEmpty();
        third.ShouldAllBe(d => d.Message.To.Key == jane);
    }

    [Fact]
    public async Task DirectLine_AppendOfTheSameDelivery_IsKeptOnce()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        await using var scope = harness.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DirectLineStore>();
        var conversation = await store.CreateConversationAsync("dl_user", "User", isAgent: false, TestContext.Current.CancellationToken);
        var message = OutboundMessage.PlainText(new("directline", conversation.Id, "dl_user"), "once only") with { ActivityId = "delivery-1" };
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>().Value;

        var first = await store.AppendAsync(conversation.Id, DirectLineActivities.FromBot(message, options), "delivery-1", TestContext.Current.CancellationToken);
        var again = await store.AppendAsync(conversation.Id, DirectLineActivities.FromBot(message, options), "delivery-1", TestContext.Current.CancellationToken);

        again.ShouldBe(first);
        var page = await store.ReadAfterAsync(conversation.Id, 0, 100, TestContext.Current.CancellationToken);
        page.Activities.Count(a => a.Contains("once only", StringComparison.Ordinal)).ShouldBe(1);
    }
}
