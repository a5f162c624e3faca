using Handoff.Application.Common.Settings;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Queue;

/// <summary>
/// A waiting user who asks for an agent again is answered every time with their place; what else they write is kept
/// for the agent, and only that chatter's reminder is throttled (at most once a minute).
/// </summary>
public sealed class AskingAgainWhileWaitingTests
{
    private static string StillFirst => Words.Default(nameof(HandoffMessages.StillWaiting), ("position", 1));

    [Fact]
    public async Task AskingForAnAgent_AgainWithinAMinute_IsAnsweredWithThePositionEachTime()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");
        await harness.DeliverAsync();

        await people.User("jane", "agent");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await people.User("jane", "talk to a person");
        var delivered = await harness.DeliverAsync();

        delivered.SeenBy(People.UserAddress("jane")).ShouldBe([StillFirst, StillFirst]);
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldBeEmpty();
        (await harness.ReadAsync(db => db.Conversations.SingleAsync())).State.ShouldBe(ConversationState.Waiting);
    }

    [Fact]
    public async Task OtherWords_WhileWaiting_AreKeptAndRemindedAtMostOncePerMinute()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("jane", "agent");
        await harness.DeliverAsync();

        await people.User("jane", "hello?");
        harness.Clock.Advance(Conversation.WaitingNoticeInterval);
        await people.User("jane", "anyone there?");
        await people.User("jane", "still waiting");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe([StillFirst]);
        (await harness.ReadAsync(db => db.TranscriptEntries.Where(t => t.Sender == TranscriptSender.User).Select(t => t.Text).ToListAsync()))
            .ShouldBe(["agent", "hello?", "anyone there?", "still waiting"]);
    }
}
