using Handoff.Domain.Conversations;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.Conversations;

/// <summary>Teams channel mode (issue 14): which thread belongs to which handoff.</summary>
public sealed class AgentThreadTests
{
    [Fact]
    public void AttachAgentThread_ForTheCurrentHandoff_IsKept()
    {
        var conversation = new ConversationBuilder().Waiting().Build();
        conversation.OpenAgentThread("key-1");

        conversation.AttachAgentThread("key-1", "19:c@thread.tacv2;messageid=1").ShouldBeTrue();

        conversation.AgentThreadId.ShouldBe("19:c@thread.tacv2;messageid=1");
        conversation.HasLiveAgentThread.ShouldBeTrue();
    }

    [Fact]
    public void AttachAgentThread_ForAnEarlierHandoff_ChangesNothing()
    {
        var conversation = new ConversationBuilder().Waiting().Build();
        conversation.OpenAgentThread("key-2");

        conversation.AttachAgentThread("key-1", "19:c@thread.tacv2;messageid=1").ShouldBeFalse();

        conversation.AgentThreadId.ShouldBeNull();
    }

    [Fact]
    public void RequestHandoff_AfterAThreadedOne_ForgetsTheOldThread()
    {
        var agent = new AgentBuilder().Build();
        var conversation = new ConversationBuilder().Waiting().Build();
        conversation.OpenAgentThread("key-1");
        conversation.AttachAgentThread("key-1", "19:c@thread.tacv2;messageid=1");
        Handoffs.Connect(conversation, agent, Clock.T0.AddMinutes(1)).IsSuccess.ShouldBeTrue();
        conversation.ServeInThread();
        Handoffs.End(conversation, agent, EndReason.AgentDisconnected, Clock.T0.AddMinutes(2)).IsSuccess.ShouldBeTrue();
        conversation.HasLiveAgentThread.ShouldBeFalse();

        conversation.RequestHandoff(true, HandoffSource.EndUser, null, 0, Clock.T0.AddMinutes(3)).IsSuccess.ShouldBeTrue();

        conversation.AgentThreadKey.ShouldBeNull();
        conversation.AgentThreadId.ShouldBeNull();
        conversation.ServedInThread.ShouldBeFalse();
    }

    [Fact]
    public void ServeInThread_WhileOnlyWaiting_IsNotServed()
    {
        var conversation = new ConversationBuilder().Waiting().Build();
        conversation.OpenAgentThread("key-1");

        conversation.ServeInThread();

        conversation.ServedInThread.ShouldBeFalse();
    }
}
