using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Handoff.Domain.Conversations.Events;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.Agents;

/// <summary>An agent serving several users: at most one focus, never a guess between several.</summary>
public sealed class AgentFocusTests
{
    [Fact]
    public void ANewlyConnectedUser_BecomesTheFocus()
    {
        var agent = new AgentBuilder().WithCapacity(2).Build();
        var jane = new ConversationBuilder().ConnectedTo(agent).Build();
        agent.FocusedConversation.ShouldBe(jane.Id);

        var john = new ConversationBuilder().ConnectedTo(agent).Build();

        agent.FocusedConversation.ShouldBe(john.Id);
        agent.PlainTextRecipient().Value.ShouldBe(john.Id);
    }

    [Fact]
    public void Focus_OnAUserTheAgentServes_MovesThePlainText()
    {
        var agent = new AgentBuilder().WithCapacity(2).Build();
        var jane = new ConversationBuilder().ConnectedTo(agent).Build();
        new ConversationBuilder().ConnectedTo(agent).Build();

        agent.Focus(jane.Id).IsSuccess.ShouldBeTrue();

        agent.PlainTextRecipient().Value.ShouldBe(jane.Id);
    }

    [Fact]
    public void Focus_OnAUserTheAgentDoesNotServe_IsRefusedAndKeepsTheFocus()
    {
        var agent = new AgentBuilder().WithCapacity(2).Build();
        var jane = new ConversationBuilder().ConnectedTo(agent).Build();
        var other = new ConversationBuilder().ConnectedTo(new AgentBuilder().Named("Bob").Build()).Build();

        agent.Focus(other.Id).ShouldBeRefusedWith(AgentErrors.NotServing);

        agent.FocusedConversation.ShouldBe(jane.Id);
    }

    [Fact]
    public void WhenTheFocusedUserLeaves_WithSeveralLeft_NobodyIsFocusedAndPlainTextIsRefused()
    {
        var agent = new AgentBuilder().WithCapacity(3).Build();
        new ConversationBuilder().ConnectedTo(agent).Build();
        new ConversationBuilder().ConnectedTo(agent).Build();
        var focused = new ConversationBuilder().ConnectedTo(agent).Build();

        Handoffs.End(focused, agent, EndReason.UserEnded, Clock.T0).IsSuccess.ShouldBeTrue();

        agent.FocusedConversation.ShouldBeNull();
        agent.PlainTextRecipient().ShouldBeRefusedWith(AgentErrors.ChooseFocus);
    }

    [Fact]
    public void WhenTheFocusedUserLeaves_WithExactlyOneLeft_TheFocusMovesToIt()
    {
        var agent = new AgentBuilder().WithCapacity(2).Build();
        var jane = new ConversationBuilder().ConnectedTo(agent).Build();
        var john = new ConversationBuilder().ConnectedTo(agent).Build();

        Handoffs.End(john, agent, EndReason.UserInactive, Clock.T0).IsSuccess.ShouldBeTrue();

        agent.FocusedConversation.ShouldBe(jane.Id);
    }

    [Fact]
    public void WhenAnUnfocusedUserLeaves_TheFocusStays()
    {
        var agent = new AgentBuilder().WithCapacity(3).Build();
        var jane = new ConversationBuilder().ConnectedTo(agent).Build();
        new ConversationBuilder().ConnectedTo(agent).Build();
        var focused = new ConversationBuilder().ConnectedTo(agent).Build();

        Handoffs.End(jane, agent, EndReason.UserEnded, Clock.T0).IsSuccess.ShouldBeTrue();

        agent.FocusedConversation.ShouldBe(focused.Id);
    }

    [Fact]
    public void PlainTextRecipient_WithNoLiveUser_IsNotConnected()
    {
        new AgentBuilder().Build().PlainTextRecipient().ShouldBeRefusedWith(AgentErrors.NotConnected);
    }

    [Fact]
    public void SetCapacity_HoldsAcrossSignIns_AndNullFollowsTheGlobalDefault()
    {
        var agent = new AgentBuilder().Build();

        agent.SetCapacity(4, globalDefault: 1).IsSuccess.ShouldBeTrue();
        agent.Login(agent.Address!, "Alice", null, capacity: 1, Clock.T0);
        agent.Capacity.ShouldBe(4);

        agent.SetCapacity(null, globalDefault: 2).IsSuccess.ShouldBeTrue();
        agent.Capacity.ShouldBe(2);
        agent.CapacityOverride.ShouldBeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Agent.MaxCapacity + 1)]
    public void SetCapacity_OutOfRange_IsRefusedAndChangesNothing(int capacity)
    {
        var agent = new AgentBuilder().WithCapacity(2).Build();

        agent.SetCapacity(capacity, globalDefault: 1).ShouldBeRefusedWith(AgentErrors.InvalidCapacity);

        agent.Capacity.ShouldBe(2);
        agent.CapacityOverride.ShouldBeNull();
    }
}

/// <summary>Transfer and return to the queue: both agents and the conversation change together, or nothing does.</summary>
public sealed class TransferTests
{
    [Fact]
    public void Transfer_ToAnAvailableAgentWithRoom_MovesTheUserAndTheFocus()
    {
        var alice = new AgentBuilder().WithCapacity(2).Build();
        var bob = new AgentBuilder().Named("Bob").Build();
        var jane = new ConversationBuilder().ConnectedTo(alice).Build();

        Handoffs.Transfer(jane, alice, bob, Clock.T0).IsSuccess.ShouldBeTrue();

        jane.AgentId.ShouldBe(bob.Id);
        jane.AgentName.ShouldBe("Bob");
        jane.State.ShouldBe(ConversationState.Connected);
        alice.ConnectedConversations.ShouldBeEmpty();
        alice.FocusedConversation.ShouldBeNull();
        bob.ConnectedConversations.ShouldBe([jane.Id]);
        bob.FocusedConversation.ShouldBe(jane.Id);
        var transferred = jane.ShouldHaveRaised<HandoffTransferredDomainEvent>();
        transferred.FromAgentId.ShouldBe(alice.Id);
        transferred.ToAgentId.ShouldBe(bob.Id);
    }

    [Fact]
    public void Transfer_ToAnAwayAgent_IsRefusedAndChangesNothing()
    {
        var (alice, bob, jane) = Pair();
        bob.SetStatus(AgentStatus.Away, Clock.T0).IsSuccess.ShouldBeTrue();

        Handoffs.Transfer(jane, alice, bob, Clock.T0).ShouldBeRefusedWith("agent.transfer_target_unavailable");

        Unchanged(alice, bob, jane);
    }

    [Fact]
    public void Transfer_ToAFullAgent_IsRefusedAndChangesNothing()
    {
        var (alice, bob, jane) = Pair();
        var bobsUser = new ConversationBuilder().ConnectedTo(bob).Build();

        Handoffs.Transfer(jane, alice, bob, Clock.T0).ShouldBeRefusedWith("agent.transfer_target_full");

        Unchanged(alice, bob, jane, bobsUser);
    }

    [Fact]
    public void Transfer_ToASignedOutAgent_IsRefusedAndChangesNothing()
    {
        var (alice, bob, jane) = Pair();
        bob.Logout(Clock.T0).IsSuccess.ShouldBeTrue();

        Handoffs.Transfer(jane, alice, bob, Clock.T0).ShouldBeRefusedWith("agent.transfer_target_unavailable");

        Unchanged(alice, bob, jane);
    }

    [Fact]
    public void Transfer_ToOneself_IsRefused()
    {
        var (alice, _, jane) = Pair();

        Handoffs.Transfer(jane, alice, alice, Clock.T0).ShouldBeRefusedWith(AgentErrors.TransferToSelf);

        jane.AgentId.ShouldBe(alice.Id);
    }

    [Fact]
    public void ReturnToQueue_PutsTheUserAheadOfEveryoneWaiting()
    {
        var (alice, _, jane) = Pair();

        Handoffs.ReturnToQueue(jane, alice, highestWaitingPriority: 3, Clock.T0).IsSuccess.ShouldBeTrue();

        jane.State.ShouldBe(ConversationState.Waiting);
        jane.AgentId.ShouldBeNull();
        jane.Priority.ShouldBe(4);
        alice.ConnectedConversations.ShouldBeEmpty();
        jane.ShouldHaveRaised<HandoffReturnedToQueueDomainEvent>().FromAgentId.ShouldBe(alice.Id);
    }

    private static (Agent Alice, Agent Bob, Conversation Jane) Pair()
    {
        var alice = new AgentBuilder().Build();
        var bob = new AgentBuilder().Named("Bob").Build();
        var jane = new ConversationBuilder().ConnectedTo(alice).Build();
        return (alice, bob, jane);
    }

    private static void Unchanged(Agent alice, Agent bob, Conversation jane, Conversation? bobsUser = null)
    {
        jane.AgentId.ShouldBe(alice.Id);
        jane.ShouldHaveRaisedNothing();
        alice.ConnectedConversations.ShouldBe([jane.Id]);
        alice.FocusedConversation.ShouldBe(jane.Id);
        bob.ConnectedConversations.ShouldBe(bobsUser is null ? [] : [bobsUser.Id]);
    }
}
