using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport.BotConnector;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams.AgentChannel;

/// <summary>
/// Teams channel mode (issue 14), end to end over real HTTP: the product on Kestrel, signed activities from the team
/// channel to <c>/api/messages</c>, a fake Bot Connector on loopback that starts channel threads, and the real outbox.
/// </summary>
public sealed class AgentChannelTests(AgentChannelFixture fixture) : IClassFixture<AgentChannelFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task WaitingUser_InChannelMode_GetsAThreadWhoseCardHasConnect()
    {
        await fixture.InstallInTeamAsync();
        var oneToOne = Activities.NewTeamsPerson("Olga Agent");
        fixture.Directory.AddMember(oneToOne.AadObjectId, oneToOne.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, oneToOne, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == oneToOne.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));
        var user = $"webchat-conv-{Guid.NewGuid():N}";

        var creation = await fixture.AskForAgentAsync(user, "Ada Patient");

        var conversation = await fixture.ConversationAsync(user);
        creation.Path.ShouldEndWith("/v3/conversations");
        creation.ServicePath.ShouldBe("/teams");
        creation.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
        creation.Body.GetProperty("isGroup").GetBoolean().ShouldBeTrue();
        creation.Body.GetProperty("channelData").GetProperty("channel").GetProperty("id").GetString().ShouldBe(AgentChannelFixture.ChannelId);
        creation.Body.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString().ShouldBe(BotFrameworkFixture.TenantId);
        AgentChannelFixture.ThreadIdOf(creation).ShouldStartWith($"{AgentChannelFixture.ChannelId};messageid=");
        var card = creation.Body.GetProperty("activity").GetProperty("attachments")[0].GetProperty("content").GetRawText();
        card.ShouldContain("Ada Patient is waiting");
        AgentChannelFixture.ConnectData(creation)["conversationId"]!.GetValue<string>().ShouldBe(conversation.Id.Value.ToString());

        // Both modes at once: the 1:1 agent's card says the user also has a thread in the channel.
        var inOneToOne = await Connector.WaitForAsync(r => r.ConversationId == oneToOne.ConversationId && r.AttachmentsJson.Contains(conversation.Id.Value.ToString(), StringComparison.Ordinal));
        inOneToOne.Text.ShouldBe("Ada Patient is waiting (also in the agent channel).");
    }

    [Fact]
    public async Task ConnectPressedByTwoAgentsAtOnce_OneWins_AndTheThreadCardIsTaken()
    {
        await fixture.InstallInTeamAsync();
        var user = $"webchat-conv-{Guid.NewGuid():N}";
        var creation = await fixture.AskForAgentAsync(user, "Ben Patient");
        var thread = AgentChannelFixture.ThreadIdOf(creation);
        var (kim, lea) = (fixture.NewAgent("Kim Agent"), fixture.NewAgent("Lea Agent"));

        var data = AgentChannelFixture.ConnectData(creation);
        var presses = await Task.WhenAll(
            fixture.PostAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, kim, thread, null, data)),
            fixture.PostAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, lea, thread, null, data)));
        presses.ShouldAllBe(p => p.StatusCode == System.Net.HttpStatusCode.OK);

        var conversation = await fixture.ConversationAsync(user);
        conversation.State.ShouldBe(ConversationState.Connected);
        var winner = conversation.AgentName == kim.Name ? kim : lea;
        var loser = winner == kim ? lea : kim;
        conversation.AgentName.ShouldBe(winner.Name);
        var taken = await Connector.WaitForAsync(r => r.IsUpdate && r.ConversationId == thread);
        taken.ActivityId.ShouldBe(thread.Split(";messageid=")[1]);
        taken.Visible.ShouldContain($"taken by {winner.Name}");
        await Connector.WaitForAsync(r => r.ConversationId == thread && r.IsSend && r.Visible.Contains($"already taken by {winner.Name}", StringComparison.Ordinal));

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var claims = await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().AuditRecords.AsNoTracking()
            .Where(a => a.Type == AuditType.AgentConnected && a.ConversationId == conversation.Id.Value).ToListAsync(TestContext.Current.CancellationToken);
        claims.Count.ShouldBe(1);
        claims[0].Actor.ShouldBe(winner.Name);
        Connector.Requests.ShouldNotContain(r => r.ConversationId == thread && (r.Text ?? string.Empty).StartsWith($"{loser.Name} is now chatting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectPressedByANonAgentMember_IsRefusedPolitely_AndChangesNothing()
    {
        await fixture.InstallInTeamAsync();
        var user = $"webchat-conv-{Guid.NewGuid():N}";
        var creation = await fixture.AskForAgentAsync(user, "Cleo Patient");
        var thread = AgentChannelFixture.ThreadIdOf(creation);
        var visitor = Activities.NewTeamsPerson("Vic Visitor"); // a channel member, not in the agent group

        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, visitor, thread, null, AgentChannelFixture.ConnectData(creation)));

        await Connector.WaitForAsync(r => r.ConversationId == thread && r.IsSend && r.Visible.Contains("only Handoff agents can take a user", StringComparison.Ordinal));
        (await fixture.ConversationAsync(user)).State.ShouldBe(ConversationState.Waiting);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var refusals = await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().AuditRecords.AsNoTracking()
            .Where(a => a.Type == AuditType.AgentLoginRefused && a.Actor == $"msteams:{visitor.Id}").CountAsync(TestContext.Current.CancellationToken);
        refusals.ShouldBe(1);
    }

    [Fact]
    public async Task Relay_InBothDirections_GoesThroughTheThread()
    {
        await fixture.InstallInTeamAsync();
        var user = $"webchat-conv-{Guid.NewGuid():N}";
        var creation = await fixture.AskForAgentAsync(user, "Dan Patient");
        var thread = AgentChannelFixture.ThreadIdOf(creation);
        var agent = fixture.NewAgent("Mia Agent");
        await fixture.ConnectInThreadAsync(agent, creation);
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentConnected), ("agent", "Mia Agent")), StringComparison.Ordinal));

        await fixture.SendAsync(fixture.UserSays(user, "Dan Patient", "my knee still hurts"));
        await Connector.WaitForAsync(r => r.ConversationId == thread && r.Text == "**Dan Patient:** my knee still hurts");

        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, agent, thread, "Let's look at it on video."));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Text == "**Mia Agent:** Let's look at it on video.");

        // Another member's words in the thread are not relayed; they are told so once.
        var colleague = fixture.NewAgent("Ned Colleague");
        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, colleague, thread, "I know this patient"));
        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, colleague, thread, "really"));
        await Connector.WaitForAsync(r => r.ConversationId == thread && r.Visible.Contains("Only the agent serving Dan Patient is relayed", StringComparison.Ordinal));
        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, agent, thread, "One moment."));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Text == "**Mia Agent:** One moment.");

        Connector.Requests.Count(r => r.ConversationId == thread && r.Visible.Contains("Only the agent serving", StringComparison.Ordinal)).ShouldBe(1);
        Connector.Requests.ShouldNotContain(r => r.ConversationId == user && r.Visible.Contains("I know this patient", StringComparison.Ordinal));
        Connector.Requests.ShouldNotContain(r => r.ConversationId == user && r.Visible.Contains("really", StringComparison.Ordinal));
        // The thread is the conversation: the user's words did not also go to the agent's 1:1 chat.
        Connector.Requests.Count(r => r.Visible.Contains("my knee still hurts", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task SecondUser_GetsASecondThread_AndTheTwoNeverCross()
    {
        await fixture.InstallInTeamAsync();
        var (first, second) = ($"webchat-conv-{Guid.NewGuid():N}", $"webchat-conv-{Guid.NewGuid():N}");
        var firstThread = await fixture.AskForAgentAsync(first, "Eve Patient");
        var secondThread = await fixture.AskForAgentAsync(second, "Fay Patient");
        AgentChannelFixture.ThreadIdOf(firstThread).ShouldNotBe(AgentChannelFixture.ThreadIdOf(secondThread));
        var agent = fixture.NewAgent("Noa Agent");
        await fixture.ConnectInThreadAsync(agent, firstThread);
        await fixture.ConnectInThreadAsync(agent, secondThread);

        // The agent's words go to the user of the thread they are written in, whatever was focused before.
        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, agent, AgentChannelFixture.ThreadIdOf(firstThread), "for Eve"));
        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, agent, AgentChannelFixture.ThreadIdOf(secondThread), "for Fay"));
        await fixture.SendAsync(fixture.UserSays(first, "Eve Patient", "Eve here"));
        await fixture.SendAsync(fixture.UserSays(second, "Fay Patient", "Fay here"));

        await Connector.WaitForAsync(r => r.ConversationId == first && r.Text == "**Noa Agent:** for Eve");
        await Connector.WaitForAsync(r => r.ConversationId == second && r.Text == "**Noa Agent:** for Fay");
        await Connector.WaitForAsync(r => r.ConversationId == AgentChannelFixture.ThreadIdOf(firstThread) && r.Text == "**Eve Patient:** Eve here");
        await Connector.WaitForAsync(r => r.ConversationId == AgentChannelFixture.ThreadIdOf(secondThread) && r.Text == "**Fay Patient:** Fay here");
        Connector.Requests.ShouldNotContain(r => r.ConversationId == first && r.Visible.Contains("for Fay", StringComparison.Ordinal));
        Connector.Requests.ShouldNotContain(r => r.ConversationId == second && r.Visible.Contains("for Eve", StringComparison.Ordinal));
        Connector.Requests.ShouldNotContain(r => r.ConversationId == AgentChannelFixture.ThreadIdOf(firstThread) && r.Visible.Contains("Fay here", StringComparison.Ordinal));
        Connector.Requests.ShouldNotContain(r => r.ConversationId == AgentChannelFixture.ThreadIdOf(secondThread) && r.Visible.Contains("Eve here", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disconnect_InAThread_EndsOnlyThatUser_AndClosesTheThread()
    {
        await fixture.InstallInTeamAsync();
        var (first, second) = ($"webchat-conv-{Guid.NewGuid():N}", $"webchat-conv-{Guid.NewGuid():N}");
        var firstThread = await fixture.AskForAgentAsync(first, "Gil Patient");
        var secondThread = await fixture.AskForAgentAsync(second, "Hal Patient");
        var agent = fixture.NewAgent("Ola Agent");
        await fixture.ConnectInThreadAsync(agent, firstThread);
        await fixture.ConnectInThreadAsync(agent, secondThread);

        await fixture.SendAsync(AgentChannelFixture.ThreadMessage(fixture.ServiceUrl, agent, AgentChannelFixture.ThreadIdOf(firstThread), "disconnect"));

        await Connector.WaitForAsync(r => r.ConversationId == first && r.Visible.Contains("Ola Agent has left the conversation", StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == AgentChannelFixture.ThreadIdOf(firstThread) && r.Visible.Contains("The conversation with Gil Patient has ended", StringComparison.Ordinal));
        (await fixture.ConversationAsync(first)).State.ShouldBe(ConversationState.Bot);
        var other = await fixture.ConversationAsync(second);
        other.State.ShouldBe(ConversationState.Connected);
        other.AgentName.ShouldBe("Ola Agent");
        Connector.Requests.ShouldNotContain(r => r.ConversationId == second && r.Visible.Contains("has left the conversation", StringComparison.Ordinal));

        // The same user asking again gets a new thread.
        var again = await fixture.AskForAgentAsync(first, "Gil Patient");
        AgentChannelFixture.ThreadIdOf(again).ShouldNotBe(AgentChannelFixture.ThreadIdOf(firstThread));
    }
}

/// <summary>Throttling of thread creation, on a host of its own: no other creation can take the scripted 429.</summary>
public sealed class AgentChannelThrottlingTests(AgentChannelFixture fixture) : IClassFixture<AgentChannelFixture>
{
    [Fact]
    public async Task ThreadCreation_Throttled429_IsRetriedAfterRetryAfter_AndKeepsTheThreadInOrder()
    {
        await fixture.InstallInTeamAsync();
        var user = $"webchat-conv-{Guid.NewGuid():N}";
        fixture.Connector.FailNextThreadCreation(429, retryAfter: "1");

        var creation = await fixture.AskForAgentAsync(user, "Ivy Patient");
        var agent = fixture.NewAgent("Pia Agent");
        await fixture.ConnectInThreadAsync(agent, creation);
        await fixture.Connector.WaitForAsync(r => r.IsUpdate && r.ConversationId == AgentChannelFixture.ThreadIdOf(creation));

        var attempts = fixture.Connector.Requests.Where(FakeBotConnector.IsThreadCreation).ToList();
        attempts.Select(a => a.Status).ShouldBe([429, 200]);
        attempts[1].Body.GetProperty("activity").GetRawText().ShouldBe(attempts[0].Body.GetProperty("activity").GetRawText());
        var requests = fixture.Connector.Requests.ToList();
        var created = requests.IndexOf(attempts[1]);
        requests.FindIndex(r => r.ConversationId == AgentChannelFixture.ThreadIdOf(creation)).ShouldBeGreaterThan(created);
    }
}
