using Handoff.Application.Common.Settings;
using Handoff.Bot.FunctionalTests.Teams;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>Teams over the fake Bot Connector and the embedded Direct Line channel in one host; the outbox never gives up within a test.</summary>
public sealed class DirectLineRelayFailureFixture : BotFrameworkFixture
{
    protected override void Configure(TestHostOptions options)
    {
        options.Settings["DirectLine:Secrets:0"] = DirectLineHostFixture.Secret;
        options.Settings["DirectLine:TokenSigningKey"] = DirectLineHostFixture.SigningKey;
        options.Settings["DirectLine:TokenRequestsPerMinute"] = "1000";
        options.Settings["Outbox:MaxAttempts"] = "100000";
    }
}

/// <summary>
/// Issue 16: the web chat user's message was stored but relaying it to the agent failed at the edge (the Bot Connector
/// answers 500 for the agent's conversation). The client is answered 200 with the activity id, because the outbox holds
/// the relay and delivers it once the connector recovers (docs/web-chat.md).
/// </summary>
public sealed class DirectLineRelayFailureTests(DirectLineRelayFailureFixture fixture) : IClassFixture<DirectLineRelayFailureFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task UserMessage_WhenTheRelayToTheAgentFails_IsAnswered200AndDeliveredAfterRecovery()
    {
        var agent = Activities.NewTeamsPerson("Rita Agent");
        fixture.Directory.AddMember(agent.AadObjectId, agent.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));

        await using var user = await DirectLineTestClient.StartUserAsync(fixture.Host.Client, "Jane Doe");
        await user.PostMessageAsync("agent", "ask");
        var card = await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsSend && r.Succeeded && r.Visible.Contains("is waiting", StringComparison.Ordinal));
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, null, Activities.SubmitData(card.Body.GetProperty("attachments")[0].GetProperty("content").GetRawText(), "connect")));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Visible.Contains("You're connected", StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsUpdate && r.ActivityId == card.ReturnedId); // nothing else is on its way to the agent

        Connector.FailAlways(agent.ConversationId, 500);
        var id = await user.PostMessageAsync("is anyone there?", "while-failing");
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Status == 500 && r.Text != null && r.Text.Contains("is anyone there?", StringComparison.Ordinal));
        var (stored, _) = await user.GetActivitiesAsync();

        Connector.Recover(agent.ConversationId);
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Succeeded && r.Text != null && r.Text.Contains("is anyone there?", StringComparison.Ordinal));

        id.ShouldStartWith(user.ConversationId + "|");
        stored.ShouldContain(a => (string?)a["id"] == id && (string?)a["text"] == "is anyone there?");
        Connector.DeliveredTo(agent.ConversationId).Count(r => r.Text != null && r.Text.Contains("is anyone there?", StringComparison.Ordinal)).ShouldBe(1);
    }
}
