using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Domain.UnitTests.Support;

/// <summary>Test data for domain tests: a fixed clock origin and fluent builders.</summary>
public static class Clock
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
}

public sealed class ConversationBuilder
{
    private bool _waiting;
    private Agent? _connectedTo;
    private int _priority;

    public ConversationBuilder Waiting(int priority = 0)
    {
        _waiting = true;
        _priority = priority;
        return this;
    }

    public ConversationBuilder ConnectedTo(Agent agent)
    {
        _waiting = true;
        _connectedTo = agent;
        return this;
    }

    public Conversation Build()
    {
        var conversation = Conversation.Start(ConversationId.New(), new ChannelAddress("directline", "c-" + Guid.NewGuid().ToString("N")[..8], "dl_jane"), "Jane Doe", Clock.T0);
        if (_waiting)
        {
            conversation.RequestHandoff(true, HandoffSource.EndUser, "knee pain", _priority, Clock.T0).IsSuccess.ShouldBeTrue();
        }

        if (_connectedTo is not null)
        {
            Handoffs.Connect(conversation, _connectedTo, Clock.T0.AddMinutes(1)).IsSuccess.ShouldBeTrue();
        }

        conversation.ClearDomainEvents();
        conversation.AcceptChanges();
        return conversation;
    }
}

public sealed class AgentBuilder
{
    private bool _loggedIn = true;
    private int _capacity = 1;
    private string _name = "Alice";

    public AgentBuilder LoggedOut()
    {
        _loggedIn = false;
        return this;
    }

    public AgentBuilder WithCapacity(int capacity)
    {
        _capacity = capacity;
        return this;
    }

    public AgentBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public Agent Build()
    {
        var agent = Agent.Register(AgentId.New(), "msteams:29:" + _name, Guid.NewGuid().ToString(), _name, Clock.T0);
        if (_loggedIn)
        {
            agent.Login(new ChannelAddress("msteams", "a:" + _name, "29:" + _name, "https://smba.example/teams/"), _name, null, _capacity, Clock.T0);
        }

        agent.ClearDomainEvents();
        agent.AcceptChanges();
        return agent;
    }
}
