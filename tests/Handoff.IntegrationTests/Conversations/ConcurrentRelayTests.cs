using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Conversations;

public sealed class ConcurrentRelayTests
{
    [Fact]
    public async Task UserAndAgentWritingAtOnce_EveryMessageIsRecordedAndRelayed()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync();

        var fromUser = Enumerable.Range(1, 10).Select(i => Task.Run(() => people.User("jane", $"user message {i}")));
        var fromAgent = Enumerable.Range(1, 10).Select(i => Task.Run(() => people.TeamsAgent("alice", $"agent message {i}")));
        var results = await Task.WhenAll(fromUser.Concat(fromAgent));

        results.ShouldAllBe(r => r.IsSuccess);
        var relayed = await harness.DeliverAsync();
        relayed.SeenBy(People.TeamsAddress("alice")).Count.ShouldBe(10);
        relayed.SeenBy(People.UserAddress("jane")).Count.ShouldBe(10);
        var entries = await harness.ReadAsync(db => db.TranscriptEntries.Where(t => t.Sender != TranscriptSender.Bot).CountAsync());
        entries.ShouldBe(1 + 10 + 10);
    }
}
