using Handoff.Application.Common.Settings;
using Handoff.Application;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.LanguageModels;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Mediator;

namespace Handoff.IntegrationTests.Agents;

/// <summary>
/// docs/adding-a-command.md's steps, followed for a command that exists only here: one file (command, entry, handler)
/// and one registration, and the command is recognized by its default pattern, pressed on the options card and listed
/// in help — through the real pipeline and database.
/// </summary>
public sealed class AddingACommandTests
{
    [Fact]
    public async Task ACommandAddedByTheGuide_IsTypedPressedAndListedInHelp()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(), services => services.AddHandoffCommands(typeof(AddingACommandTests).Assembly));
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        var options = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice"));

        await people.TeamsAgent("alice", "echo hello there");
        await people.TeamsAgent("alice", "", valueJson: """{"command":"echo","text":"from the card"}""");
        await people.TeamsAgent("alice", "help");
        var seen = (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice"));

        options.ShouldContain(card => card.Contains("[Echo {\"command\":\"echo\",\"text\":\"ping\"}]", StringComparison.Ordinal));
        seen[0].ShouldBe("Alice said: hello there");
        seen[1].ShouldBe("Alice said: from the card");
        seen[2].ShouldContain("- **echo <text>** — says the text back");
    }

    [Fact]
    public async Task ACommandAddedByTheGuide_IsSeededAsABuiltInModel_AndKeepsItsAudience()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(), services => services.AddHandoffCommands(typeof(AddingACommandTests).Assembly));
        var people = new People(harness);

        var models = await harness.ReadAsync(db => Task.FromResult(db.LanguageModels.Where(m => m.ScenarioId == EchoCommandEntry.Scenario).ToList()));
        await people.User("jane", "echo hello");

        models.Single().BuiltIn.ShouldBeTrue();
        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe([Words.Default(nameof(HandoffMessages.Fallback))]);
    }
}

/// <summary>A test-only agent command: says the argument back.</summary>
public sealed record EchoCommand(AgentId AgentId, string? Text) : ICommand<Result>;

public sealed class EchoCommandEntry() : CommandEntry<EchoCommand>(
    scenarioId: Scenario,
    word: "echo",
    audience: Audience.Agent,
    description: "Agent: say the text back (a test-only command).",
    modelName: "Agent echo",
    patterns: [@"^\s*echo(\s+.+)?$"],
    order: 75,
    // Handoff's own commands name a HandoffMessages text here (words => words.WhoAmIHelpLine); a command from another
    // assembly cannot add one to the catalogue, so this test-only command writes its own words.
    helpLine: _ => "**echo <text>** — says the text back",
    cardArgument: "text",
    buttons: [new CardButton(_ => "Echo", ("text", "ping"))])
{
    public const string Scenario = "test/agent_echo";

    protected override EchoCommand Create(Invocation invocation) => new(invocation.AgentId, invocation.Argument);
}

public sealed class EchoCommandHandler(IAgentRepository agents, Notifier notify, IUnitOfWork unitOfWork) : ICommandHandler<EchoCommand, Result>
{
    public async ValueTask<Result> Handle(EchoCommand command, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(command.AgentId, cancellationToken);
        if (agent is null)
        {
            return AgentErrors.NotLoggedIn;
        }

        notify.ToAgent(agent, $"{agent.DisplayName} said: {command.Text}");
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
