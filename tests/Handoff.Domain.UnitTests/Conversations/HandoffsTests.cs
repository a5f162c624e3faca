using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Handoff.Domain.Conversations.Events;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.Conversations;

public sealed class HandoffsTests
{
    [Fact]
    public void Connect_WhenWaitingAndAgentFree_ConnectsBothSides()
    {
        var conversation = new ConversationBuilder().Waiting().Build();
        var agent = new AgentBuilder().Build();

        var result = Handoffs.Connect(conversation, agent, Clock.T0.AddMinutes(3));

        result.IsSuccess.ShouldBeTrue();
        conversation.State.ShouldBe(ConversationState.Connected);
        conversation.AgentId.ShouldBe(agent.Id);
        conversation.AgentName.ShouldBe("Alice");
        conversation.WaitedBeforeConnect.ShouldBe(TimeSpan.FromMinutes(3));
        agent.ConnectedConversations.ShouldBe([conversation.Id]);
        agent.IsAcceptingNewUsers.ShouldBeFalse();
        conversation.ShouldHaveRaised<AgentConnectedDomainEvent>().Waited.ShouldBe(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Connect_WhenAnotherAgentWon_SaysWhoTookIt()
    {
        var conversation = new ConversationBuilder().Waiting().Build();
        Handoffs.Connect(conversation, new AgentBuilder().Named("Alice").Build(), Clock.T0).IsSuccess.ShouldBeTrue();
        var bob = new AgentBuilder().Named("Bob").Build();

        var result = Handoffs.Connect(conversation, bob, Clock.T0);

        result.ShouldBeRefusedWith("handoff.already_taken");
        result.Error.Argument("user").ShouldBe("Jane Doe");
        result.Error.Argument("agent").ShouldBe("Alice");
        bob.ConnectedConversations.ShouldBeEmpty();
    }

    [Fact]
    public void Connect_WhenUserNoLongerWaits_IsRefused()
    {
        var conversation = new ConversationBuilder().Build();

        Handoffs.Connect(conversation, new AgentBuilder().Build(), Clock.T0).ShouldBeRefusedWith("handoff.no_longer_waiting");
    }

    [Fact]
    public void Connect_WhenAgentAtCapacity_IsRefusedAndUserKeepsWaiting()
    {
        var agent = new AgentBuilder().Build();
        new ConversationBuilder().ConnectedTo(agent).Build();
        var second = new ConversationBuilder().Waiting().Build();

        Handoffs.Connect(second, agent, Clock.T0).ShouldBeRefusedWith(AgentErrors.AtCapacity);

        second.State.ShouldBe(ConversationState.Waiting);
        second.ShouldHaveRaisedNothing();
    }

    [Fact]
    public void Connect_WithCapacityTwo_TakesTwoUsers()
    {
        var agent = new AgentBuilder().WithCapacity(2).Build();
        new ConversationBuilder().ConnectedTo(agent).Build();

        Handoffs.Connect(new ConversationBuilder().Waiting().Build(), agent, Clock.T0).IsSuccess.ShouldBeTrue();

        agent.ConnectedConversations.Count.ShouldBe(2);
    }

    [Fact]
    public void Connect_WhenAgentLoggedOut_IsRefused()
    {
        Handoffs.Connect(new ConversationBuilder().Waiting().Build(), new AgentBuilder().LoggedOut().Build(), Clock.T0)
            .ShouldBeRefusedWith(AgentErrors.NotLoggedIn);
    }

    [Theory]
    [InlineData(EndReason.AgentDisconnected, "Alice")]
    [InlineData(EndReason.AgentLoggedOut, "Alice")]
    [InlineData(EndReason.UserEnded, "user")]
    [InlineData(EndReason.UserInactive, "system")]
    [InlineData(EndReason.AgentInactive, "system")]
    [InlineData(EndReason.AgentUnreachable, "system")]
    [InlineData(EndReason.AgentRevoked, "system")]
    public void End_WhenConnected_ReturnsUserToBotAndFreesTheAgent(EndReason reason, string endedBy)
    {
        var agent = new AgentBuilder().Build();
        var conversation = new ConversationBuilder().ConnectedTo(agent).Build();
        agent.ClearDomainEvents();

        Handoffs.End(conversation, agent, reason, Clock.T0.AddMinutes(5)).IsSuccess.ShouldBeTrue();

        conversation.State.ShouldBe(ConversationState.Bot);
        conversation.AgentId.ShouldBeNull();
        agent.ConnectedConversations.ShouldBeEmpty();
        var ended = conversation.ShouldHaveRaised<HandoffEndedDomainEvent>();
        ended.Reason.ShouldBe(reason);
        ended.EndedBy.ShouldBe(endedBy);
    }

    [Fact]
    public void End_ByAnAgentNotConnected_IsRefused()
    {
        var conversation = new ConversationBuilder().ConnectedTo(new AgentBuilder().Build()).Build();

        Handoffs.End(conversation, new AgentBuilder().Named("Bob").Build(), EndReason.AgentDisconnected, Clock.T0)
            .ShouldBeRefusedWith(ConversationErrors.NotConnected);
        conversation.State.ShouldBe(ConversationState.Connected);
    }
}
