using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Agents;

/// <summary>Claims race through separate scopes and DbContexts on one database, as concurrent requests would.</summary>
public sealed class ConcurrentClaimTests
{
    [Fact]
    public async Task TwentyAgents_PressConnectOnTheSameUserAtOnce_ExactlyOneWins()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        var names = Enumerable.Range(1, 20).Select(i => $"agent{i:00}").ToList();
        foreach (var name in names)
        {
            await people.WebAgent(name, "login");
        }

        await people.User("jane", "agent");
        var jane = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "Jane Doe"));
        var agents = await harness.ReadAsync(db => db.Agents.ToListAsync());
        await harness.DeliverAsync();

        var results = await Task.WhenAll(agents.Select(a => Task.Run(() => harness.SendAsync(new AcceptHandoffCommand(a.Id, jane.Id.ToString())))));

        results.Count(r => r.IsSuccess).ShouldBe(1);
        var winner = await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.Id == jane.Id));
        winner.State.ShouldBe(ConversationState.Connected);
        var losers = results.Where(r => r.IsFailure).ToList();
        losers.Count.ShouldBe(19);
        losers.ShouldAllBe(r => r.Error == ConversationErrors.AlreadyTaken("Jane Doe", winner.AgentName!));
        var busy = await harness.ReadAsync(db => db.Agents.ToListAsync());
        busy.Count(a => a.ConnectedConversations.Count > 0).ShouldBe(1);
        busy.Single(a => a.ConnectedConversations.Count > 0).Id.ShouldBe(winner.AgentId!.Value);
    }

    [Fact]
    public async Task FiftyUsersAndTenAgents_ConnectingConcurrently_NoUserHasTwoAgentsAndNoAgentExceedsCapacity()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Agents:Capacity", "3")));
        var people = new People(harness);
        for (var i = 0; i < 10; i++)
        {
            await people.WebAgent($"agent{i}", "login");
        }

        for (var i = 0; i < 50; i++)
        {
            await people.User($"user{i:00}", "agent");
        }

        var agents = await harness.ReadAsync(db => db.Agents.ToListAsync());

        // Every agent presses connect five times at once: 50 claims for 30 seats.
        var attempts = agents.SelectMany(a => Enumerable.Repeat(a.Id, 5))
            .Select(id => Task.Run(() => harness.SendAsync(new AcceptHandoffCommand(id, null))));
        var results = await Task.WhenAll(attempts);

        var conversations = await harness.ReadAsync(db => db.Conversations.ToListAsync());
        var reloaded = await harness.ReadAsync(db => db.Agents.ToListAsync());
        var connected = conversations.Where(c => c.State == ConversationState.Connected).ToList();
        connected.Count.ShouldBe(30);
        results.Count(r => r.IsSuccess).ShouldBe(30);
        results.Where(r => r.IsFailure).ShouldAllBe(r => r.Error == AgentErrors.AtCapacity);
        reloaded.ShouldAllBe(a => a.ConnectedConversations.Count == 3);
        foreach (var agent in reloaded)
        {
            connected.Where(c => c.AgentId == agent.Id).Select(c => c.Id.Value).Order().ShouldBe(agent.ConnectedConversations.Select(c => c.Value).Order());
        }

        conversations.Count(c => c.State == ConversationState.Waiting).ShouldBe(20);
    }
}
