using Handoff.Application.Agents.LoginAgent;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Application.Conversations.InitiateHandoff;
using Handoff.Application.Management.GetStatistics;
using Handoff.Domain.Common;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Queue;

/// <summary>
/// Issue 16: the queue's figures with exact numbers, the clock being a <c>FakeTimeProvider</c>: median and p90 wait,
/// position under priorities, the cap on waiting cards shown at login, and the recent-transcript cap on connect.
/// </summary>
public sealed class QueueFiguresTests
{
    private static InitiateHandoffCommand Initiate(string user, int priority) => new(
        UpstreamAddress(user),
        new Sender($"29:{user}", user, IsAuthenticated: true),
        $$"""{"priority":{{priority}}}""",
        [],
        Guid.NewGuid().ToString());

    private static ChannelAddress UpstreamAddress(string user) => new("msteams", $"upstream-{user}", $"29:{user}", "https://smba.example/teams/", "28:upstream", People.Tenant);

    [Fact]
    public async Task MedianAndP90Wait_AreNearestRankOverTheHourAndTheDay_AndTheMedianIsTheNextEstimate()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "10")));
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");

        // One wait of 1000 s two hours ago (in the day, not the hour), then five in the last hour.
        await WaitThenConnectAsync(harness, people, "old", TimeSpan.FromSeconds(1000));
        harness.Clock.Advance(TimeSpan.FromHours(2));
        foreach (var (user, seconds) in new[] { ("u1", 40), ("u2", 10), ("u3", 100), ("u4", 30), ("u5", 20) })
        {
            await WaitThenConnectAsync(harness, people, user, TimeSpan.FromSeconds(seconds));
        }

        var statistics = await harness.QueryAsync(new GetStatisticsQuery());
        await harness.DeliverAsync();
        await people.User("next", "agent");
        var told = (await harness.DeliverAsync()).SeenBy(People.UserAddress("next"));

        (statistics.LastHour.HandoffsConnected, statistics.LastHour.MedianWaitSeconds, statistics.LastHour.P90WaitSeconds).ShouldBe((5, 30d, 100d));
        (statistics.LastDay.HandoffsConnected, statistics.LastDay.MedianWaitSeconds, statistics.LastDay.P90WaitSeconds).ShouldBe((6, 30d, 1000d));
        var estimate = Words.Default(nameof(HandoffMessages.Waiting), ("position", 1), ("wait", MessageText.Duration(TimeSpan.FromSeconds(30))));
        told.ShouldContain(t => t.Contains(estimate, StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueuePosition_CountsHigherPrioritiesAheadThenFirstCome()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        await people.User("jane", "agent");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        (await harness.SendAsync(Initiate("Carl", 5))).IsSuccess.ShouldBeTrue();
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        (await harness.SendAsync(Initiate("Dora", 0))).IsSuccess.ShouldBeTrue();
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        (await harness.SendAsync(Initiate("Emil", 5))).IsSuccess.ShouldBeTrue();
        var delivered = await harness.DeliverAsync();

        PositionTold(delivered, People.UserAddress("jane")).ShouldBe([1]);
        PositionTold(delivered, UpstreamAddress("Carl")).ShouldBe([1]);
        PositionTold(delivered, UpstreamAddress("Dora")).ShouldBe([3]);
        PositionTold(delivered, UpstreamAddress("Emil")).ShouldBe([2]);
    }

    [Fact]
    public async Task WaitingCardsAtLogin_AreCappedToTheFirstInQueueOrder()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        string[] plain = ["Anna", "Bert", "Cleo", "Dirk", "Elsa", "Finn"];
        foreach (var user in plain)
        {
            await people.User(user.ToLowerInvariant(), "agent");
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        (await harness.SendAsync(Initiate("Gwen", 3))).IsSuccess.ShouldBeTrue();
        await harness.DeliverAsync();

        await people.LoginTeamsAgentAsync("alice");
        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice"));
        var cardsFor = new[] { "Gwen" }.Concat(plain).Where(name => seen.Any(t => t.Contains(name, StringComparison.Ordinal))).ToList();

        LoginAgentCommandHandler.WaitingCardsAtLogin.ShouldBe(5);
        cardsFor.ShouldBe(["Gwen", "Anna", "Bert", "Cleo", "Dirk"]);
    }

    [Fact]
    public async Task BriefingOnConnect_ShowsOnlyTheConfiguredNumberOfRecentMessages()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Queue:RecentTranscriptCount", "3")));
        var people = new People(harness);
        foreach (var text in new[] { "first words", "second words", "third words", "fourth words", "fifth words" })
        {
            await people.User("jane", text);
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await people.User("jane", "agent");
        await people.LoginTeamsAgentAsync("alice");
        await people.TeamsAgent("alice", "connect");
        var briefing = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).Single(t => t.StartsWith("You're connected to Jane Doe", StringComparison.Ordinal));
        var lines = briefing.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();

        // The transcript holds the user's words and the bot's answers: of eleven entries, the last three are shown.
        lines.Count.ShouldBe(3);
        lines.ShouldContain("- Jane Doe: agent");
        lines.ShouldNotContain(l => l.Contains("first words", StringComparison.Ordinal) || l.Contains("second words", StringComparison.Ordinal)
            || l.Contains("third words", StringComparison.Ordinal) || l.Contains("fourth words", StringComparison.Ordinal));
    }

    private static async Task WaitThenConnectAsync(HandoffHarness harness, People people, string user, TimeSpan wait)
    {
        (await people.User(user, "agent")).IsSuccess.ShouldBeTrue();
        harness.Clock.Advance(wait);
        (await people.TeamsAgent("alice", "connect")).IsSuccess.ShouldBeTrue();
    }

    /// <summary>The queue positions <paramref name="address"/> was told, in order (on joining, and when asking again).</summary>
    private static List<int> PositionTold(IReadOnlyList<RecordingChannelSender.Delivered> delivered, ChannelAddress address)
    {
        var joined = Words.Default(nameof(HandoffMessages.Waiting), ("position", "{n}"), ("wait", "{w}")).Split("{n}")[0];
        var again = Words.Default(nameof(HandoffMessages.StillWaiting), ("position", "{n}")).Split("{n}")[0];
        var positions = new List<int>();
        foreach (var text in delivered.SeenBy(address))
        {
            var prefix = text.Contains(joined, StringComparison.Ordinal) ? joined : text.Contains(again, StringComparison.Ordinal) ? again : null;
            if (prefix is not null)
            {
                var rest = text[(text.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..];
                positions.Add(int.Parse(new string([.. rest.TakeWhile(char.IsDigit)]), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return positions;
    }
}
