using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.TestSupport.BotConnector;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>
/// Typing between a Teams agent and a web chat user (issue 13, ADR-032): the user's typing reaches Teams as a typing
/// activity posted straight to the (fake) Bot Connector, and the typing Teams sends for the agent reaches the user's stream.
/// </summary>
public sealed class TeamsTypingTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task TeamsAgentAndWebChatUser_WhileConnected_SeeEachOthersTyping()
    {
        var alice = Activities.NewTeamsPerson("Alice Agent");
        fixture.Directory.AddMember(alice.AadObjectId, alice.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == alice.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));
        await using var user = await DirectLineTestClient.StartUserAsync(fixture.Host.Client, "Jane Doe");
        await user.ConnectAsync();
        await user.PostMessageAsync("agent", "u-agent");
        await Connector.WaitForAsync(r => r.ConversationId == alice.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")), StringComparison.Ordinal));
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, "connect"));
        await user.WaitForTextAsync("Alice Agent");

        await TypingRelayTests.PostTypingAsync(user);
        var shownInTeams = await Connector.WaitForAsync(r => r.ConversationId == alice.ConversationId && r.Type == "typing");
        await fixture.SendAsync(TeamsTyping(alice));
        var shownInWebChat = await user.WaitForAsync(a => (string?)a["type"] == "typing");

        shownInTeams.IsSend.ShouldBeTrue();
        shownInTeams.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
        shownInTeams.Body.GetProperty("recipient").GetProperty("id").GetString().ShouldBe(alice.Id);
        shownInTeams.Text.ShouldBeNull();
        ((string)shownInWebChat["from"]!["name"]!).ShouldBe("Alice Agent");
        (await user.GetActivitiesAsync()).Activities.ShouldNotContain(a => (string?)a["type"] == "typing");
    }

    [Fact]
    public async Task TeamsAgentTyping_WithNobodyConnected_IsAcceptedAndShownToNobody()
    {
        var bob = Activities.NewTeamsPerson("Bob Agent");
        fixture.Directory.AddMember(bob.AadObjectId, bob.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, bob, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == bob.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));
        var typingsBefore = Connector.Requests.Count(r => r.Type == "typing");

        await fixture.SendAsync(TeamsTyping(bob));
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, bob, "disconnect"));
        await Connector.WaitForAsync(r => r.ConversationId == bob.ConversationId && r.Visible.Contains("You are not connected to a user", StringComparison.Ordinal));

        Connector.Requests.Count(r => r.Type == "typing").ShouldBe(typingsBefore);
    }

    /// <summary>What Teams posts while the agent writes in a 1:1 chat with the bot.</summary>
    private JsonObject TeamsTyping(TeamsPerson from)
    {
        var typing = Activities.TeamsMessage(fixture.ServiceUrl, from, null);
        typing["type"] = "typing";
        typing.Remove("text");
        return typing;
    }
}
