using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Conversations.ExpireTimeouts;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>
/// Races and give-ups through separate scopes and DbContexts on one database, as concurrent requests and the
/// timeout scanner would run them.
/// </summary>
public sealed class TimeoutRaceAndGiveUpTests
{
    private const int Rounds = 30;

    [Fact]
    public async Task QueueTimeoutAndConnect_RacingEachRound_HaveExactlyOneOutcome()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Timeouts:Queue", "00:10:00")));
        var people = new People(harness);
        var outcomes = new List<bool>();
        for (var round = 0; round < Rounds; round++)
        {
            var user = $"user{round:00}";
            var agentName = $"agent{round:00}";
            await people.WebAgent(agentName, "login");
            await people.User(user, "agent");
            var waiting = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.State == ConversationState.Waiting));
            var displayName = char.ToUpperInvariant(agentName[0]) + agentName[1..];
            var agent = await harness.ReadAsync(db => db.Agents.SingleAsync(a => a.DisplayName == displayName));
            harness.Clock.Advance(TimeSpan.FromMinutes(10)); // the queue timeout is due: both the scanner and the agent may act

            var expiry = Task.Run(() => harness.SendAsync(new ExpireTimeoutsCommand()));
            var connect = Task.Run(() => harness.SendAsync(new AcceptHandoffCommand(agent.Id, waiting.Id.ToString())));
            await Task.WhenAll(expiry, connect);
            var expired = await expiry;
            var claim = await connect;

            var conversation = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == waiting.Id));
            var audit = await harness.ReadAsync(db => db.AuditRecords.Where(a => a.ConversationId == waiting.Id.Value).Select(a => a.Type).ToListAsync());
            var connected = claim.IsSuccess;
            var timedOut = expired.QueueTimeouts == 1;
            (connected ^ timedOut).ShouldBeTrue($"round {round}: connected={connected}, timed out={timedOut}");
            if (connected)
            {
                conversation.State.ShouldBe(ConversationState.Connected);
                conversation.AgentId.ShouldBe(agent.Id);
                audit.Count(t => t == AuditType.AgentConnected).ShouldBe(1);
                audit.ShouldNotContain(AuditType.HandoffTimedOut);
            }
            else
            {
                conversation.State.ShouldBe(ConversationState.Bot);
                conversation.AgentId.ShouldBeNull();
                audit.Count(t => t == AuditType.HandoffTimedOut).ShouldBe(1);
                audit.ShouldNotContain(AuditType.AgentConnected);
                (await harness.ReadAsync(db => db.Agents.SingleAsync(a => a.Id == agent.Id))).ConnectedConversations.ShouldBeEmpty();
            }

            outcomes.Add(connected);
            await harness.DeliverAsync();
            if (connected)
            {
                await people.WebAgent(agentName, "disconnect"); // frees the conversation so the next round's query finds one waiting user
            }
        }

        outcomes.Count.ShouldBe(Rounds);
    }

    [Fact]
    public async Task Connect_WhenEverySaveLosesTheRace_AgentIsToldBusyInCatalogueWords()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");
        var jane = await harness.ReadAsync(db => db.Conversations.SingleAsync());
        await harness.DeliverAsync();

        // Every optimistic update of a conversation now affects no row: each attempt of the conflict policy loses.
        await using var lost = await ForcedConflicts.LoseEveryUpdateAsync(harness.Services, "Conversations");
        await people.TeamsAgent("alice", "connect", People.Connect(jane.Id.Value));

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe([Words.Default(AcceptHandoffCommandHandler.Busy)]);
        var unchanged = await harness.ReadAsync(db => db.Conversations.SingleAsync());
        unchanged.State.ShouldBe(ConversationState.Waiting);
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).ConnectedConversations.ShouldBeEmpty();
        (await harness.ReadAsync(db => db.AuditRecords.CountAsync(a => a.Type == AuditType.AgentConnected))).ShouldBe(0);
    }
}
