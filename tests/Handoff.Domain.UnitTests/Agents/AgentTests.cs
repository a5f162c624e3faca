using Handoff.Domain.Agents;
using Handoff.Domain.Agents.Events;
using Handoff.Domain.Common;
using Handoff.Domain.UnitTests.Support;

namespace Handoff.Domain.UnitTests.Agents;

public sealed class AgentTests
{
    private static readonly ChannelAddress s_address = new("msteams", "a:1", "29:alice", "https://smba.example/teams/");

    [Fact]
    public void Login_WhenLoggedOut_BecomesAvailableAndRaisesLoggedIn()
    {
        var agent = Agent.Register(AgentId.New(), "msteams:29:alice", "oid", "Alice", Clock.T0);

        agent.Login(s_address, "Alice Smith", "alice@contoso.test", 2, Clock.T0);

        agent.Status.ShouldBe(AgentStatus.Available);
        agent.Capacity.ShouldBe(2);
        agent.Address.ShouldBe(s_address);
        agent.DisplayName.ShouldBe("Alice Smith");
        agent.IsAcceptingNewUsers.ShouldBeTrue();
        agent.ShouldHaveRaised<AgentLoggedInDomainEvent>();
    }

    [Fact]
    public void Login_Again_RefreshesWithoutANewEvent()
    {
        var agent = new AgentBuilder().Build();

        agent.Login(s_address with { ConversationId = "a:2" }, "Alice", null, 1, Clock.T0);

        agent.Address!.ConversationId.ShouldBe("a:2");
        agent.ShouldHaveRaisedNothing();
    }

    [Fact]
    public void Logout_WhileConnected_IsRefused()
    {
        var agent = new AgentBuilder().Build();
        new ConversationBuilder().ConnectedTo(agent).Build();

        agent.Logout(Clock.T0).ShouldBeRefusedWith(AgentErrors.StillConnected);
        agent.Status.ShouldBe(AgentStatus.Available);
    }

    [Fact]
    public void Logout_WhenFree_SignsOut()
    {
        var agent = new AgentBuilder().Build();

        agent.Logout(Clock.T0).IsSuccess.ShouldBeTrue();

        agent.Status.ShouldBe(AgentStatus.LoggedOut);
        agent.ShouldHaveRaised<AgentLoggedOutDomainEvent>().Reason.ShouldBe(AgentLogoutReason.ByChoice);
    }

    [Fact]
    public void Logout_WhenNotLoggedIn_IsRefused()
    {
        new AgentBuilder().LoggedOut().Build().Logout(Clock.T0).ShouldBeRefusedWith(AgentErrors.NotLoggedIn);
    }

    [Fact]
    public void SetStatus_Away_StopsNewUserNotifications()
    {
        var agent = new AgentBuilder().Build();

        agent.SetStatus(AgentStatus.Away, Clock.T0).IsSuccess.ShouldBeTrue();

        agent.IsAcceptingNewUsers.ShouldBeFalse();
        agent.ShouldHaveRaised<AgentStatusChangedDomainEvent>().Status.ShouldBe(AgentStatus.Away);
    }

    [Fact]
    public void SetStatus_LoggedOut_IsNotAStatusAnAgentSets()
    {
        new AgentBuilder().Build().SetStatus(AgentStatus.LoggedOut, Clock.T0).ShouldBeRefusedWith(AgentErrors.InvalidStatus);
    }

    [Fact]
    public void SetStatus_WhenLoggedOut_IsRefused()
    {
        new AgentBuilder().LoggedOut().Build().SetStatus(AgentStatus.Away, Clock.T0).ShouldBeRefusedWith(AgentErrors.NotLoggedIn);
    }

    [Fact]
    public void ForceLogout_WithConversations_IsAProgrammingError()
    {
        var agent = new AgentBuilder().Build();
        new ConversationBuilder().ConnectedTo(agent).Build();

        Should.Throw<InvalidOperationException>(() => agent.ForceLogout(AgentLogoutReason.MembershipRevoked, Clock.T0));
    }

    [Theory]
    [InlineData(true, false, null, null, null, true, false)]
    [InlineData(false, true, "oid", "tenant-a", "tenant-a", true, true)]
    [InlineData(false, true, "oid", "TENANT-A", "tenant-a", true, true)]
    [InlineData(false, true, "oid", "tenant-b", "tenant-a", false, false)]
    [InlineData(false, false, "oid", "tenant-a", "tenant-a", false, false)]
    [InlineData(false, true, null, "tenant-a", "tenant-a", false, false)]
    [InlineData(false, true, "oid", "tenant-a", null, false, false)]
    public void AuthorizationPolicy_AllowsOnlyVerifiedWebAgentsOrAuthenticatedTeamsUsersOfTheTenant(
        bool verified, bool authenticated, string? oid, string? tenant, string? configuredTenant, bool allowed, bool needsDirectory)
    {
        var result = AgentAuthorizationPolicy.Check(verified, authenticated, oid, tenant, configuredTenant, out var directory);

        result.IsSuccess.ShouldBe(allowed);
        directory.ShouldBe(needsDirectory);
    }

    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(false, false, null, false)]
    [InlineData(false, true, "oid", false)]
    public void WebChatAgent_WhenReached_NeedsTheVerifiedAgentClaim(bool verifiedWebChatAgent, bool authenticatedChannel, string? entraObjectId, bool reached)
    {
        var agent = Agent.Register(AgentId.New(), "directline:agent_1", null, "Alice", Clock.T0);

        agent.IsReachedBy(verifiedWebChatAgent, authenticatedChannel, entraObjectId).ShouldBe(reached);
    }

    [Theory]
    [InlineData(false, true, "oid", true)]
    [InlineData(false, true, null, true)]
    [InlineData(false, false, "oid", false)]
    [InlineData(true, false, null, false)]
    [InlineData(false, true, "another-oid", false)]
    public void TeamsAgent_WhenReached_NeedsAnAuthenticatedActivityOfTheSameEntraObject(bool verifiedWebChatAgent, bool authenticatedChannel, string? entraObjectId, bool reached)
    {
        var agent = Agent.Register(AgentId.New(), "msteams:29:alice", "oid", "Alice", Clock.T0);

        agent.IsReachedBy(verifiedWebChatAgent, authenticatedChannel, entraObjectId).ShouldBe(reached);
    }

    [Theory]
    [InlineData(false, false, null)]
    [InlineData(false, false, "oid")]
    public void SenderWithoutProof_ReachesNoAgent_SoNoneIsLookedUp(bool verifiedWebChatAgent, bool authenticatedChannel, string? entraObjectId)
    {
        var webChat = Agent.Register(AgentId.New(), "directline:agent_1", null, "Alice", Clock.T0);
        var teams = Agent.Register(AgentId.New(), "msteams:29:alice", "oid", "Alice", Clock.T0);

        Agent.MayBeReachedBy(verifiedWebChatAgent, authenticatedChannel).ShouldBeFalse();
        webChat.IsReachedBy(verifiedWebChatAgent, authenticatedChannel, entraObjectId).ShouldBeFalse();
        teams.IsReachedBy(verifiedWebChatAgent, authenticatedChannel, entraObjectId).ShouldBeFalse();
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void SenderWithProof_MayBeAnAgent(bool verifiedWebChatAgent, bool authenticatedChannel) =>
        Agent.MayBeReachedBy(verifiedWebChatAgent, authenticatedChannel).ShouldBeTrue();
}
