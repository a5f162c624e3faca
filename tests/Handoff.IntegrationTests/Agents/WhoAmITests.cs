using Handoff.Application.Common.Settings;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Agents;

/// <summary>The command added in docs/adding-a-command.md, tested the way the guide says.</summary>
public sealed class WhoAmITests
{
    [Fact]
    public async Task WhoAmI_TellsTheAgentHowHandoffSeesThem()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.ConnectedAsync();

        await people.TeamsAgent("alice", "whoami");

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe([Words.Default(nameof(HandoffMessages.AgentWhoAmI), ("agent", "Alice"), ("status", "Available"), ("channel", "msteams"), ("connected", 1), ("capacity", 1))]);
    }

    [Fact]
    public async Task WhoAmI_FromAnEndUser_IsNotAnAgentCommand()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        await people.User("jane", "whoami");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe([Words.Default(nameof(HandoffMessages.Fallback))]);
    }
}
