using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>
/// ADR-008: one inbound message is one pipeline run and one save, whatever the router decides — the conversation it
/// starts and the words it records are committed by the decided command's one save. Read from the logs of the real
/// pipeline (the logging behaviour's line per use case) and of EF Core (one line per SaveChanges, whichever provider's context type).
/// </summary>
public sealed class OneMessageOneUnitOfWorkTests
{
    [Fact]
    public async Task AFirstMessageAskingForAnAgent_StartsTheConversationAndQueuesTheUser_InOneSave()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        var (useCases, saves) = await MeasureAsync(harness, () => people.User("jane", "agent"));

        useCases.ShouldBe(["HandleIncomingMessageCommand"]);
        saves.ShouldBe(1);
    }

    [Fact]
    public async Task AnAgentConnecting_IsOnePipelineRunAndOneSave()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");

        var (useCases, saves) = await MeasureAsync(harness, () => people.TeamsAgent("alice", "connect"));

        useCases.ShouldBe(["HandleIncomingMessageCommand"]);
        saves.ShouldBe(1);
    }

    private static async Task<(IReadOnlyList<string> UseCases, int Saves)> MeasureAsync(HandoffHarness harness, Func<Task> send)
    {
        var before = harness.Logs.Lines.Count;
        await send();
        var lines = harness.Logs.Lines.Skip(before).ToList();
        var useCases = lines.Where(l => l.Contains("Behaviors.LoggingBehavior", StringComparison.Ordinal))
            .Select(l => l.Split(": ", 2)[1].Split(' ')[0]).ToList();
        return (useCases, lines.Count(l => l.Contains("SaveChanges completed for '", StringComparison.Ordinal) && l.Contains("HandoffDbContext'", StringComparison.Ordinal)));
    }
}
