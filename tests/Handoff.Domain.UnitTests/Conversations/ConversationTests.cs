using Handoff.Domain.Conversations;
using Handoff.Domain.Conversations.Events;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.Conversations;

public sealed class ConversationTests
{
    [Fact]
    public void RequestHandoff_WhenWithBot_WaitsAndRaisesRequested()
    {
        var conversation = new ConversationBuilder().Build();

        var result = conversation.RequestHandoff(true, HandoffSource.EndUser, "  billing  ", 2, Clock.T0);

        result.IsSuccess.ShouldBeTrue();
        conversation.State.ShouldBe(ConversationState.Waiting);
        conversation.Reason.ShouldBe("billing");
        conversation.Priority.ShouldBe(2);
        conversation.RequestedAt.ShouldBe(Clock.T0);
        conversation.ShouldHaveRaised<HandoffRequestedDomainEvent>().Priority.ShouldBe(2);
    }

    [Fact]
    public void RequestHandoff_WhenDisabled_IsRefusedAndStaysWithBot()
    {
        var conversation = new ConversationBuilder().Build();

        var result = conversation.RequestHandoff(false, HandoffSource.EndUser, null, 0, Clock.T0);

        result.ShouldBeRefusedWith(ConversationErrors.HandoffDisabled);
        conversation.State.ShouldBe(ConversationState.Bot);
        conversation.ShouldHaveRaisedNothing();
    }

    [Fact]
    public void RequestHandoff_WhenAlreadyWaiting_IsRefused()
    {
        var conversation = new ConversationBuilder().Waiting().Build();

        conversation.RequestHandoff(true, HandoffSource.EndUser, null, 0, Clock.T0).ShouldBeRefusedWith(ConversationErrors.AlreadyWaiting);
    }

    [Fact]
    public void RequestHandoff_WhenConnected_IsRefused()
    {
        var conversation = new ConversationBuilder().ConnectedTo(new AgentBuilder().Build()).Build();

        conversation.RequestHandoff(true, HandoffSource.EndUser, null, 0, Clock.T0).ShouldBeRefusedWith(ConversationErrors.AlreadyConnected);
    }

    [Fact]
    public void CancelHandoff_WhenWaiting_GoesBackToBot()
    {
        var conversation = new ConversationBuilder().Waiting().Build();

        conversation.CancelHandoff(Clock.T0.AddMinutes(1)).IsSuccess.ShouldBeTrue();

        conversation.State.ShouldBe(ConversationState.Bot);
        conversation.ShouldHaveRaised<HandoffCancelledDomainEvent>();
    }

    [Fact]
    public void CancelHandoff_WhenNotWaiting_IsRefused()
    {
        var conversation = new ConversationBuilder().Build();

        conversation.CancelHandoff(Clock.T0).ShouldBeRefusedWith(ConversationErrors.NotWaiting);
    }

    [Fact]
    public void ExpireInQueue_AfterTheTimeout_GoesBackToBotWithTheWait()
    {
        var conversation = new ConversationBuilder().Waiting().Build();
        var timeout = TimeSpan.FromMinutes(10);

        conversation.HasWaitedTooLong(timeout, Clock.T0.AddMinutes(9)).ShouldBeFalse();
        conversation.HasWaitedTooLong(timeout, Clock.T0.AddMinutes(10)).ShouldBeTrue();
        conversation.ExpireInQueue(timeout, Clock.T0.AddMinutes(10)).IsSuccess.ShouldBeTrue();

        conversation.State.ShouldBe(ConversationState.Bot);
        conversation.ShouldHaveRaised<HandoffTimedOutDomainEvent>().Waited.ShouldBe(timeout);
    }

    [Fact]
    public void ExpireInQueue_BeforeTheTimeout_IsAProgrammingError()
    {
        var conversation = new ConversationBuilder().Waiting().Build();

        Should.Throw<InvalidOperationException>(() => conversation.ExpireInQueue(TimeSpan.FromMinutes(10), Clock.T0.AddMinutes(1)));
    }

    [Fact]
    public void InactivityEndDue_ChecksTheUserFirstThenTheAgent()
    {
        var conversation = new ConversationBuilder().ConnectedTo(new AgentBuilder().Build()).Build();
        var connectedAt = Clock.T0.AddMinutes(1);

        conversation.InactivityEndDue(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), connectedAt.AddMinutes(4)).ShouldBeNull();
        conversation.InactivityEndDue(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), connectedAt.AddMinutes(5)).ShouldBe(EndReason.UserInactive);
        conversation.RecordUserMessage("still here", null, connectedAt.AddMinutes(9));
        conversation.InactivityEndDue(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), connectedAt.AddMinutes(10)).ShouldBe(EndReason.AgentInactive);
    }

    [Fact]
    public void TakeWaitingNoticeSlot_GivesAtMostOneNoticePerMinute()
    {
        var conversation = new ConversationBuilder().Waiting().Build();

        conversation.TakeWaitingNoticeSlot(Clock.T0.AddSeconds(30)).ShouldBeFalse();
        conversation.TakeWaitingNoticeSlot(Clock.T0.AddSeconds(60)).ShouldBeTrue();
        conversation.TakeWaitingNoticeSlot(Clock.T0.AddSeconds(100)).ShouldBeFalse();
        conversation.TakeWaitingNoticeSlot(Clock.T0.AddSeconds(121)).ShouldBeTrue();
    }

    [Fact]
    public void RecordAgentMessage_FromAnotherAgent_IsAProgrammingError()
    {
        var conversation = new ConversationBuilder().ConnectedTo(new AgentBuilder().Build()).Build();

        Should.Throw<InvalidOperationException>(() => conversation.RecordAgentMessage(new AgentBuilder().Named("Bob").Build().Id, "hi", null, Clock.T0));
    }

    [Fact]
    public void RecordMeeting_WhenNotConnectedToThatAgent_IsRefused()
    {
        var conversation = new ConversationBuilder().Waiting().Build();

        conversation.RecordMeeting(new AgentBuilder().Build().Id, "https://join", "m1", "org", false, Clock.T0).ShouldBeRefusedWith(ConversationErrors.NotConnected);
        conversation.Meetings.ShouldBeEmpty();
    }

    [Fact]
    public void Start_WithoutAName_UsesTheShortId()
    {
        var conversation = Conversation.Start(ConversationId.New(), new Domain.Common.ChannelAddress("directline", "c1", "dl_x"), " ", Clock.T0);

        conversation.UserName.ShouldBe($"User {conversation.ShortId}");
        conversation.ShortId.Length.ShouldBe(ConversationId.ShortLength);
    }

    [Fact]
    public void Changes_MoveTheVersionOncePerSave()
    {
        var conversation = new ConversationBuilder().Build();
        var version = conversation.Version;

        conversation.RequestHandoff(true, HandoffSource.EndUser, null, 0, Clock.T0);
        conversation.RecordUserMessage("hello", null, Clock.T0);

        conversation.Version.ShouldBe(version + 1);
        conversation.AcceptChanges();
        conversation.CancelHandoff(Clock.T0);
        conversation.Version.ShouldBe(version + 2);
    }
}
