using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.InitiateHandoff;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>The Bot Framework handoff protocol's <c>handoff.initiate</c>: queue position follows the handed-over priority.</summary>
public sealed class InitiateHandoffTests
{
    private static InitiateHandoffCommand Initiate(string user, string? valueJson, params ImportedMessage[] transcript) => new(
        new ChannelAddress("msteams", $"upstream-{user}", $"29:{user}", "https://smba.example/teams/", "28:upstream", People.Tenant),
        new Sender($"29:{user}", user, IsAuthenticated: true),
        valueJson,
        transcript,
        Guid.NewGuid().ToString());

    [Fact]
    public async Task HandedOverUsers_AreQueuedByTheirPriorityWithTheirReasonAndTranscript()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.User("jane", "agent");

        (await harness.SendAsync(Initiate("Carl", """{"reason":"chest pain","priority":5}""",
            new ImportedMessage(false, "Carl", "my chest hurts", null), new ImportedMessage(true, "Bot", "I'll get a nurse.", null)))).IsSuccess.ShouldBeTrue();
        (await harness.SendAsync(Initiate("Dora", """{"Skill":"billing"}"""))).IsSuccess.ShouldBeTrue();
        (await harness.SendAsync(Initiate("Emil", "\"lost password\""))).IsSuccess.ShouldBeTrue();
        await people.LoginTeamsAgentAsync("alice");
        await people.TeamsAgent("alice", "connect");

        var waiting = await harness.ReadAsync(db => db.Conversations.Where(c => c.RequestedAt != null).OrderBy(c => c.UserName).ToListAsync());
        waiting.Select(c => (c.UserName, c.Priority, c.Reason, c.Source)).ShouldBe(
        [
            ("Carl", 5, "chest pain", HandoffSource.UpstreamBot),
            ("Dora", 0, "Skill: billing", HandoffSource.UpstreamBot),
            ("Emil", 0, "lost password", HandoffSource.UpstreamBot),
            ("Jane Doe", 0, "asked for an agent", HandoffSource.EndUser),
        ]);
        waiting.Single(c => c.UserName == "Carl").State.ShouldBe(ConversationState.Connected);
        var briefing = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).Single(t => t.StartsWith("You're connected to Carl", StringComparison.Ordinal));
        briefing.ShouldContain("Reason: chest pain.");
        briefing.ShouldContain("- Carl: my chest hurts");
        briefing.ShouldContain("- Bot: I'll get a nurse.");
    }
}
