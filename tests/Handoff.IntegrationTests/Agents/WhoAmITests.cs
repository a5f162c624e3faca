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

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(["You are Alice (Available) on msteams, in 1 of 1 conversation(s)."]);
    }

    [Fact]
    public async Task WhoAmI_FromAnEndUser_IsNotAnAgentCommand()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);

        await people.User("jane", "whoami");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe(["Sorry, I didn't get that. Type *agent* to talk to a person, or *help*."]);
    }
}
