using Handoff.Application.Conversations.RelayMessage;
using Handoff.Application.Conversations.RelayTyping;
using Handoff.Domain.Conversations;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Application.UnitTests.Conversations;

public sealed class TypingThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryTake_WithinTheInterval_LetsOnlyTheFirstThrough()
    {
        var throttle = new TypingThrottle(_clock);
        var conversation = ConversationId.New();

        var burst = Enumerable.Range(0, 10).Select(_ => throttle.TryTake(conversation, RelayDirection.UserToAgent, Interval)).ToList();
        _clock.Advance(Interval - TimeSpan.FromTicks(1));
        var justBefore = throttle.TryTake(conversation, RelayDirection.UserToAgent, Interval);
        _clock.Advance(TimeSpan.FromTicks(1));
        var atTheInterval = throttle.TryTake(conversation, RelayDirection.UserToAgent, Interval);

        burst.Count(taken => taken).ShouldBe(1);
        burst[0].ShouldBeTrue();
        justBefore.ShouldBeFalse();
        atTheInterval.ShouldBeTrue();
    }

    [Fact]
    public void TryTake_ForAnotherDirectionOrConversation_IsNotThrottledByThisOne()
    {
        var throttle = new TypingThrottle(_clock);
        var conversation = ConversationId.New();
        throttle.TryTake(conversation, RelayDirection.UserToAgent, Interval).ShouldBeTrue();

        var otherDirection = throttle.TryTake(conversation, RelayDirection.AgentToUser, Interval);
        var otherConversation = throttle.TryTake(ConversationId.New(), RelayDirection.UserToAgent, Interval);

        otherDirection.ShouldBeTrue();
        otherConversation.ShouldBeTrue();
    }

    [Fact]
    public void TryTake_WithManyConversationsPastTheirInterval_ForgetsThem()
    {
        var throttle = new TypingThrottle(_clock);
        foreach (var _ in Enumerable.Range(0, 2000))
        {
            throttle.TryTake(ConversationId.New(), RelayDirection.UserToAgent, Interval);
        }

        _clock.Advance(Interval);
        var stillThrottled = ConversationId.New();
        throttle.TryTake(stillThrottled, RelayDirection.UserToAgent, Interval).ShouldBeTrue();

        throttle.Count.ShouldBe(1);
        throttle.TryTake(stillThrottled, RelayDirection.UserToAgent, Interval).ShouldBeFalse();
    }
}
