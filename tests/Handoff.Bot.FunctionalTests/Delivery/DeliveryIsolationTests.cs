using Handoff.Application.Common.Settings;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.Teams;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Delivery;

/// <summary>
/// Retries that never give up within a test (a failing conversation must keep its backlog, not dead-letter it) and a
/// send timeout far beyond any test, so a held send stays held until the test releases it.
/// </summary>
public sealed class DeliveryIsolationFixture : BotFrameworkFixture
{
    protected override void Configure(TestHostOptions options)
    {
        options.Settings["Outbox:MaxAttempts"] = "100000";
        options.Settings["Outbox:SendTimeout"] = "00:10:00";
    }
}

/// <summary>
/// Issue 16: one agent's Teams conversation going bad never holds back anyone else's. Two Teams agents, each chatting
/// with one web chat user, over the fake Bot Connector; the real outbox dispatcher delivers in the background. These
/// tests assert arrival and order only; how long things take is measured in bench/.
/// </summary>
public sealed class DeliveryIsolationTests(DeliveryIsolationFixture fixture) : IClassFixture<DeliveryIsolationFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task HungSendToOneAgent_DoesNotHoldBackAnotherAgentsMessage_AndIsDeliveredOnceInOrderWhenItAnswers()
    {
        var (alice, alicesUser) = await ConnectedPairAsync("Alice Agent");
        var (bob, bobsUser) = await ConnectedPairAsync("Bob Agent");

        Connector.Hang(alice.ConversationId);
        await fixture.SendAsync(UserSays(alicesUser, "first to alice"));
        // Held: that message, or an update of Alice's card for Bob's user still on its way ahead of it.
        await Connector.WaitForHeldAsync(r => r.ConversationId == alice.ConversationId);
        await fixture.SendAsync(UserSays(alicesUser, "second to alice"));

        // Alice's send is still unanswered while Bob's message arrives.
        await fixture.SendAsync(UserSays(bobsUser, "to bob while alice hangs"));
        await Connector.WaitForAsync(r => r.ConversationId == bob.ConversationId && r.Succeeded && r.Text == "**Jane Doe:** to bob while alice hangs");
        Connector.DeliveredTo(alice.ConversationId).ShouldNotContain(r => r.Text != null && r.Text.Contains("to alice", StringComparison.Ordinal));

        Connector.ReleaseHang(alice.ConversationId);
        await Connector.WaitForAsync(r => r.ConversationId == alice.ConversationId && r.Succeeded && r.Text == "**Jane Doe:** second to alice");
        RelayedTo(alice).ShouldBe(["first to alice", "second to alice"]);
    }

    [Fact]
    public async Task FailingBacklogOfFiveHundred_DoesNotStarveOthers_AndRecoveryDeliversItOnceInOrder()
    {
        var (carol, carolsUser) = await ConnectedPairAsync("Carol Agent");
        var (dave, davesUser) = await ConnectedPairAsync("Dave Agent");

        Connector.FailAlways(carol.ConversationId, 503);
        var backlog = Enumerable.Range(1, 500).Select(i => $"backlog {i}").ToList();
        foreach (var text in backlog)
        {
            await fixture.SendAsync(UserSays(carolsUser, text));
        }

        await Connector.WaitForAsync(r => r.ConversationId == carol.ConversationId && r.Status == 503);
        (await PendingRowsAsync()).ShouldBeGreaterThanOrEqualTo(500);

        // Others flow while Carol's 500 keep failing: one message, then a reply the other way.
        await fixture.SendAsync(UserSays(davesUser, "dave, are you there?"));
        await Connector.WaitForAsync(r => r.ConversationId == dave.ConversationId && r.Succeeded && r.Text == "**Jane Doe:** dave, are you there?");
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, dave, "yes, I am"));
        await Connector.WaitForAsync(r => r.ConversationId == davesUser && r.Succeeded && r.Text == "**Dave Agent:** yes, I am");
        Connector.DeliveredTo(carol.ConversationId).ShouldNotContain(r => r.Text != null && r.Text.Contains("backlog", StringComparison.Ordinal));

        Connector.Recover(carol.ConversationId);
        await Connector.WaitForAsync(r => r.ConversationId == carol.ConversationId && r.Succeeded && r.Text == "**Jane Doe:** backlog 500", TimeSpan.FromMinutes(2));
        RelayedTo(carol).ShouldBe(backlog);
    }

    [Fact]
    public async Task SendCutByARestart_IsSentAgainAfterIt_AndArrivesOnce()
    {
        var (erin, erinsUser) = await ConnectedPairAsync("Erin Agent");
        const string Relayed = "**Jane Doe:** said as the server stops";

        Connector.Hang(erin.ConversationId);
        await fixture.SendAsync(UserSays(erinsUser, "said as the server stops"));
        var cut = await Connector.WaitForHeldAsync(r => r.ConversationId == erin.ConversationId && r.Text == Relayed);

        await fixture.RestartHostAsync();
        var resent = await Connector.WaitForHeldAsync(r => r.ConversationId == erin.ConversationId && r.Text == Relayed, occurrence: 2);
        Connector.ReleaseHang(erin.ConversationId);
        await Connector.WaitForAsync(r => r.ConversationId == erin.ConversationId && r.Succeeded && r.Text == Relayed);

        resent.Text.ShouldBe(cut.Text);
        Connector.Requests.ShouldContain(r => r.ConversationId == erin.ConversationId && r.Text == Relayed && r.Status == 499);
        Connector.DeliveredTo(erin.ConversationId).Count(r => r.Text == Relayed).ShouldBe(1);
    }

    /// <summary>What the agent was relayed from the user, in the order the connector accepted it.</summary>
    private List<string> RelayedTo(TeamsPerson agent) =>
        [.. Connector.DeliveredTo(agent.ConversationId)
            .Where(r => r.IsSend && r.Text != null && r.Text.StartsWith("**Jane Doe:** ", StringComparison.Ordinal))
            .Select(r => r.Text!["**Jane Doe:** ".Length..])];

    private async Task<int> PendingRowsAsync()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().OutboxMessages
            .CountAsync(m => m.DeliveredAt == null && m.DeadLetteredAt == null, TestContext.Current.CancellationToken);
    }

    /// <summary>A Teams agent who signed in and connected to a new web chat user (the only one waiting).</summary>
    private async Task<(TeamsPerson Agent, string UserConversationId)> ConnectedPairAsync(string name)
    {
        var agent = Activities.NewTeamsPerson(name);
        fixture.Directory.AddMember(agent.AadObjectId, agent.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));

        var user = $"webchat-conv-{Guid.NewGuid():N}";
        await fixture.SendAsync(UserSays(user, "I want to talk to an agent"));
        var card = await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsSend && r.Succeeded && r.Visible.Contains("is waiting", StringComparison.Ordinal));
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, null, Activities.SubmitData(card.Body.GetProperty("attachments")[0].GetProperty("content").GetRawText(), "connect")));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentConnected), ("agent", name)), StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Visible.Contains("You're connected", StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsUpdate && r.ActivityId == card.ReturnedId); // nothing else is on its way to them
        return (agent, user);
    }

    private JsonObject UserSays(string conversationId, string text) =>
        Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane Doe", conversationId, text);
}
