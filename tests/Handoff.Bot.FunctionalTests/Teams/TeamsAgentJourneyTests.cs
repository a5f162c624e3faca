using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Agents;
using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport.BotConnector;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>
/// Agents in Microsoft Teams, end to end over real HTTP: the product on Kestrel, a fake Bot Connector on loopback
/// (tokens, endpoints, failures), the real outbox dispatcher delivering in the background.
/// </summary>
public sealed class TeamsAgentJourneyTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task AgentJourney_LoginConnectRelayMeetingDisconnect_Works()
    {
        var alice = await LoginAsync("Alice Agent");
        var bob = await LoginAsync("Bob Agent");
        var user = $"webchat-conv-{Guid.NewGuid():N}";

        await fixture.SendAsync(UserSays(user, "I want to talk to an agent"));
        var aliceCard = await WaitingCardAsync(alice, user);
        var bobCard = await WaitingCardAsync(bob, user);
        aliceCard.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
        aliceCard.Body.GetProperty("conversation").GetProperty("tenantId").GetString().ShouldBe(BotFrameworkFixture.TenantId);
        aliceCard.Body.GetProperty("recipient").GetProperty("id").GetString().ShouldBe(alice.Id);

        // Alice presses Connect: Action.Submit arrives as a message whose value is the button's data.
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, null, Activities.SubmitData(CardOf(aliceCard), "connect")));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentConnected), ("agent", "Alice Agent")), StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == alice.ConversationId && r.Visible.Contains("You're connected to Jane Doe", StringComparison.Ordinal));
        var taken = await Connector.WaitForAsync(r => r.IsUpdate && r.ConversationId == bob.ConversationId);
        taken.ActivityId.ShouldBe(bobCard.ReturnedId);
        taken.Visible.ShouldContain("taken by Alice Agent");

        // Bob's old button no longer works.
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, bob, null, Activities.SubmitData(CardOf(bobCard), "connect")));
        await Connector.WaitForAsync(r => r.ConversationId == bob.ConversationId && r.IsSend && r.Visible.Contains("already taken by Alice Agent", StringComparison.Ordinal));

        // Relay both ways: text and a file link.
        await fixture.SendAsync(UserSays(user, "my knee still hurts"));
        await Connector.WaitForAsync(r => r.ConversationId == alice.ConversationId && r.Text == "**Jane Doe:** my knee still hurts");
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, "Let's look at it on video."));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Text == "**Alice Agent:** Let's look at it on video.");
        var file = new JsonArray(new JsonObject { ["contentType"] = "image/png", ["contentUrl"] = "https://files.contoso.test/xray.png", ["name"] = "xray.png" });
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, null, attachments: file));
        var relayedFile = await Connector.WaitForAsync(r => r.ConversationId == user && r.AttachmentsJson.Contains("xray.png", StringComparison.Ordinal));
        relayedFile.Body.GetProperty("attachments")[0].GetProperty("contentUrl").GetString().ShouldBe("https://files.contoso.test/xray.png");

        // A message that cannot be delivered (the channel keeps failing) is dead-lettered and its sender told.
        Connector.FailNext(alice.ConversationId, 500, times: 3);
        await fixture.SendAsync(UserSays(user, "are you still there?"));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains("Not delivered", StringComparison.Ordinal) && r.Visible.Contains("are you still there?", StringComparison.Ordinal));

        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, "meeting"));
        var invitation = await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains("Alice Agent invites you", StringComparison.Ordinal));
        invitation.AttachmentsJson.ShouldContain(fixture.Meetings.Created[^1].JoinUrl!, Case.Sensitive, "the link the scheduler answered, relayed as it is");
        fixture.Meetings.Requests.ShouldContain(m => m.OrganizerObjectId == alice.AadObjectId);

        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, alice, "disconnect"));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains("Alice Agent has left the conversation", StringComparison.Ordinal));
        Connector.Requests.Where(r => r.ConversationId == user).ShouldAllBe(r => r.Type == "message");
    }

    [Fact]
    public async Task Throttled429_IsRetriedAfterRetryAfter_AndDeliveredOnceInOrder()
    {
        var carol = Activities.NewTeamsPerson("Carol Agent");
        fixture.Directory.AddMember(carol.AadObjectId, carol.Name);
        Connector.FailNext(carol.ConversationId, 429, retryAfter: "1");

        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, carol, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == carol.ConversationId && r.Succeeded && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));

        var attempts = Connector.Requests.Where(r => r.ConversationId == carol.ConversationId).ToList();
        attempts[0].Status.ShouldBe(429);
        attempts[0].Text.ShouldNotBeNull().ShouldContain("signed in");
        var delivered = attempts.Where(r => r.Succeeded).Select(r => r.Text ?? "(card)").ToList();
        delivered.Count(t => t.Contains("signed in", StringComparison.Ordinal)).ShouldBe(1);
        delivered.IndexOf(delivered.First(t => t.Contains("signed in", StringComparison.Ordinal))).ShouldBe(0);
        attempts.Last().Visible.ShouldContain(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)));
    }

    [Fact]
    public async Task BlockedAgent_IsSignedOut_AndAudited()
    {
        var dave = await LoginAsync("Dave Agent");
        var user = $"webchat-conv-{Guid.NewGuid():N}";
        await fixture.SendAsync(UserSays(user, "I want to talk to an agent"));
        var card = await WaitingCardAsync(dave, user);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, dave, null, Activities.SubmitData(CardOf(card), "connect")));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentConnected), ("agent", "Dave Agent")), StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == dave.ConversationId && r.Visible.Contains("You're connected", StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == dave.ConversationId && r.IsUpdate); // his own card turned "taken": nothing else is on its way to him

        Connector.FailNext(dave.ConversationId, 403, FakeBotConnector.MessageWritesBlockedBody);
        await fixture.SendAsync(UserSays(user, "hello?"));

        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains("Dave Agent has left the conversation", StringComparison.Ordinal));
        Connector.Requests.Count(r => r.ConversationId == dave.ConversationId && r.Status == 403).ShouldBe(1);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var agent = await scope.ServiceProvider.GetRequiredService<IAgentRepository>().FindByChannelAccountAsync(AgentKeys.For("msteams", dave.Id), TestContext.Current.CancellationToken);
        agent.ShouldNotBeNull().Status.ShouldBe(AgentStatus.LoggedOut);
        var audit = await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().AuditRecords.AsNoTracking().Select(a => a.Type).ToListAsync(TestContext.Current.CancellationToken);
        audit.ShouldContain(AuditType.DeliveryFailed);
        audit.ShouldContain(AuditType.AgentLoggedOut);
    }

    [Fact]
    public async Task HandoffInitiate_FromAnUpstreamBot_QueuesWithTranscript_AndReportsStatus()
    {
        var erin = await LoginAsync("Erin Agent");
        var conversationId = $"upstream-{Guid.NewGuid():N}";
        var initiate = new JsonObject
        {
            ["type"] = "event",
            ["name"] = "handoff.initiate",
            ["id"] = $"evt-{Guid.NewGuid():N}",
            ["serviceUrl"] = fixture.ServiceUrl,
            // Azure's Web Chat channel: "directline" is the embedded channel's and refused on /api/messages (ADR-021).
            ["channelId"] = "webchat",
            ["from"] = new JsonObject { ["id"] = "dl_jane", ["name"] = "Jane Doe" },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["recipient"] = new JsonObject { ["id"] = "handoff-bot" },
            ["value"] = new JsonObject { ["Skill"] = "credit cards", ["priority"] = 5 },
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/json",
                ["name"] = "Transcript",
                ["content"] = new JsonObject
                {
                    ["activities"] = new JsonArray(
                        new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "dl_jane", ["name"] = "Jane Doe", ["role"] = "user" }, ["text"] = "My card was declined", ["timestamp"] = "2026-01-05T10:00:00Z" },
                        new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "upstream-bot", ["name"] = "Card Bot", ["role"] = "bot" }, ["text"] = "Let me get you a person.", ["timestamp"] = "2026-01-05T10:00:05Z" },
                        new JsonObject { ["type"] = "typing", ["from"] = new JsonObject { ["id"] = "upstream-bot", ["role"] = "bot" } }),
                },
            }),
        };

        await fixture.SendAsync(initiate);
        var card = await WaitingCardAsync(erin, conversationId);
        card.Visible.ShouldContain("Skill: credit cards");

        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, erin, null, Activities.SubmitData(CardOf(card), "connect")));
        var briefing = await Connector.WaitForAsync(r => r.ConversationId == erin.ConversationId && r.Visible.Contains("You're connected to Jane Doe", StringComparison.Ordinal));
        briefing.Text.ShouldNotBeNull().ShouldContain("Jane Doe: My card was declined");
        briefing.Text.ShouldContain("Card Bot: Let me get you a person.");
        var accepted = await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Type == "event");
        accepted.Property("name").ShouldBe("handoff.status");
        accepted.Body.GetProperty("value").GetProperty("state").GetString().ShouldBe("accepted");

        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, erin, "disconnect"));
        var completed = await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Type == "event" && r.Body.GetProperty("value").GetProperty("state").GetString() == "completed");
        completed.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
    }

    [Fact]
    public async Task TeamsSpecifics_InstallTenantGroupMentionActionExecute_AreHandled()
    {
        // Installing the app greets the person with how to log in.
        var frank = Activities.NewTeamsPerson("Frank Agent");
        fixture.Directory.AddMember(frank.AadObjectId, frank.Name);
        var install = Activities.TeamsMessage(fixture.ServiceUrl, frank, null);
        install["type"] = "conversationUpdate";
        install["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Activities.BotId });
        await fixture.SendAsync(install);
        await Connector.WaitForAsync(r => r.ConversationId == frank.ConversationId && r.Visible.Contains("type *login*", StringComparison.Ordinal));

        // A login from another tenant is refused, even for a group member.
        var outsider = Activities.NewTeamsPerson("Olga Outsider") with { TenantId = Guid.NewGuid().ToString() };
        fixture.Directory.AddMember(outsider.AadObjectId, outsider.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, outsider, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == outsider.ConversationId && r.Visible.Contains("only people from this organization", StringComparison.Ordinal));

        // In a group chat the bot's @mention is stripped before the command is recognized.
        var mention = Activities.TeamsMessage(fixture.ServiceUrl, frank, "<at>Handoff</at> login");
        mention["conversation"]!["conversationType"] = "groupChat";
        mention["conversation"]!["isGroup"] = true;
        mention["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "Handoff" },
            ["text"] = "<at>Handoff</at>",
        });
        await fixture.SendAsync(mention);
        await Connector.WaitForAsync(r => r.ConversationId == frank.ConversationId && r.Visible.Contains("signed in as an agent", StringComparison.Ordinal));

        // Action.Execute arrives as an invoke: answered in the HTTP response, the command handled like the typed one.
        var invoke = Activities.TeamsMessage(fixture.ServiceUrl, frank, null);
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "help", ["data"] = new JsonObject() }, ["trigger"] = "manual" };
        using var response = await fixture.PostAsync(invoke);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        body.GetProperty("statusCode").GetInt32().ShouldBe(200);
        body.GetProperty("type").GetString().ShouldBe("application/vnd.microsoft.activity.message");
        await Connector.WaitForAsync(r => r.ConversationId == frank.ConversationId && r.Visible.Contains("disconnect", StringComparison.Ordinal) && r.Visible.Contains("meeting", StringComparison.Ordinal) && !r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeamsAgentsAccount_FromAnotherEntraIdentity_IsAnEndUser_AndCannotSignTheAgentOut()
    {
        // Issue 12 item 1: an agent is its channel account together with how it authenticated. A correctly signed
        // activity that names the agent's account id but another Entra object is not that agent.
        var grace = await LoginAsync("Grace Agent");
        var impostor = grace with { AadObjectId = Guid.NewGuid().ToString(), ConversationId = $"a:{Guid.NewGuid():N};messageid=1" };

        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, impostor, "logout"));

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var agent = await scope.ServiceProvider.GetRequiredService<IAgentRepository>().FindByChannelAccountAsync(AgentKeys.For("msteams", grace.Id), TestContext.Current.CancellationToken);
        agent.ShouldNotBeNull().IsLoggedIn.ShouldBeTrue();
        agent.Address.ShouldNotBeNull().ConversationId.ShouldBe(grace.ConversationId);
    }

    private async Task<TeamsPerson> LoginAsync(string name)
    {
        var person = Activities.NewTeamsPerson(name);
        fixture.Directory.AddMember(person.AadObjectId, person.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, person, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == person.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));
        return person;
    }

    /// <summary>The waiting-user card <paramref name="agent"/> got for the user of <paramref name="userConversationId"/> (its Connect button names that conversation).</summary>
    private async Task<ConnectorRequest> WaitingCardAsync(TeamsPerson agent, string userConversationId)
    {
        const string channel = "webchat";
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var conversation = await scope.ServiceProvider.GetRequiredService<IConversationRepository>().FindByAddressAsync(channel, userConversationId, TestContext.Current.CancellationToken);
        var id = conversation.ShouldNotBeNull().Id.Value.ToString();
        return await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsSend && r.Succeeded && r.Visible.Contains("is waiting", StringComparison.Ordinal) && r.AttachmentsJson.Contains(id, StringComparison.Ordinal));
    }

    private JsonObject UserSays(string conversationId, string text) =>
        Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane Doe", conversationId, text);

    private static string CardOf(ConnectorRequest request) => request.Body.GetProperty("attachments")[0].GetProperty("content").GetRawText();
}
