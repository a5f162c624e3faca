using Handoff.Application.Common.Settings;
using Handoff.Application.Conversations.ExpireTimeouts;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Conversations;

public sealed class TimeoutTests
{
    private static Dictionary<string, string?> Timeouts() => People.Settings(
        ("Handoff:Timeouts:Queue", "00:10:00"), ("Handoff:Timeouts:User", "00:05:00"), ("Handoff:Timeouts:Agent", "00:08:00"));

    [Fact]
    public async Task QueueTimeout_SendsTheUserBackToTheBotWithTheFallbackText()
    {
        await using var harness = await HandoffHarness.StartAsync(Timeouts());
        var people = new People(harness);
        await people.User("jane", "agent");
        await harness.DeliverAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(9));
        (await harness.SendAsync(new ExpireTimeoutsCommand())).QueueTimeouts.ShouldBe(0);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        (await harness.SendAsync(new ExpireTimeoutsCommand())).QueueTimeouts.ShouldBe(1);

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe(
        [
            Words.Default(nameof(HandoffMessages.QueueTimeout)),
            Words.Default(nameof(HandoffMessages.QueueTimeoutFallback)),
        ]);
        (await harness.ReadAsync(db => db.Conversations.SingleAsync())).State.ShouldBe(ConversationState.Bot);
        (await harness.ReadAsync(db => db.AuditRecords.SingleAsync(a => a.Type == AuditType.HandoffTimedOut))).WaitSeconds.ShouldBe(600);
    }

    [Fact]
    public async Task UserSilence_EndsTheLiveConversationAndFreesTheAgent()
    {
        await using var harness = await HandoffHarness.StartAsync(Timeouts());
        var people = new People(harness);
        await people.ConnectedAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await people.TeamsAgent("alice", "Are you there?");
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        (await harness.SendAsync(new ExpireTimeoutsCommand())).InactivityEnds.ShouldBe(1);

        var delivered = await harness.DeliverAsync();
        delivered.SeenBy(People.UserAddress("jane"))[^1].ShouldBe(Words.Default(nameof(HandoffMessages.UserTimeout), ("agent", "Alice")));
        delivered.SeenBy(People.TeamsAddress("alice"))[^1].ShouldBe(Words.Default(nameof(HandoffMessages.UserTimeoutNotice), ("user", "Jane Doe"), ("duration", "5 minutes")));
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).ConnectedConversations.ShouldBeEmpty();
    }

    [Fact]
    public async Task AgentSilence_EndsTheLiveConversation()
    {
        await using var harness = await HandoffHarness.StartAsync(Timeouts());
        var people = new People(harness);
        await people.ConnectedAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        await people.User("jane", "hello?");
        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        (await harness.SendAsync(new ExpireTimeoutsCommand())).InactivityEnds.ShouldBe(1);

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane"))[^1].ShouldBe(Words.Default(nameof(HandoffMessages.AgentTimeout), ("agent", "Alice")));
        (await harness.ReadAsync(db => db.AuditRecords.SingleAsync(a => a.Type == AuditType.HandoffEnded))).Details.ShouldBe("ended by system: AgentInactive (agent Alice)");
    }
}
