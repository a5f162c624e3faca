using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.SetAgentStatus;
using Handoff.Application.Common.Cards;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.UnitTests.Commands;

/// <summary>The catalogue is the only list of commands: what it yields must be what Handoff showed before it existed.</summary>
public sealed class CommandCatalogueTests
{
    private static readonly CommandCatalogue s_catalogue = CommandCatalogue.BuiltIn;

    [Fact]
    public void BuiltIn_HasEveryScenarioIdOfThePublicSurface()
    {
        s_catalogue.ScenarioIds.Order(StringComparer.Ordinal).ShouldBe(new[]
        {
            "builtin/agent_connect", "builtin/agent_disconnect", "builtin/agent_focus", "builtin/agent_help", "builtin/agent_list", "builtin/agent_login",
            "builtin/agent_logout", "builtin/agent_meeting", "builtin/agent_options", "builtin/agent_status", "builtin/agent_transfer", "builtin/agent_whoami",
            "builtin/end_chat", "builtin/greeting", "builtin/handoff", "builtin/handoff_cancel", "builtin/help",
        });
    }

    [Fact]
    public void AgentCommands_AreAnchoredSoASentenceToAUserIsRelayed()
    {
        var agentEntries = s_catalogue.Entries.Where(e => e.Audience is Audience.Agent or Audience.Any).ToList();

        agentEntries.Count.ShouldBe(12);
        agentEntries.SelectMany(e => e.Patterns).Where(p => !p.StartsWith('^') || !p.EndsWith('$')).ShouldBeEmpty();
    }

    /// <remarks>
    /// This test and the next own the commands' default English (the button titles, the help lines): the held-back HTTP
    /// checks read them, so they are pinned here byte for byte. The card's title and status line are other texts' words.
    /// </remarks>
    [Fact]
    public void OptionsCard_HasTheButtonsAndSubmitDataItAlwaysHad()
    {
        var words = new HandoffMessages();
        var expected = new AdaptiveCardBuilder()
            .Title(MessageText.Fill(words.AgentOptionsTitle, ("agent", "Alice")))
            .Text(MessageText.Fill(words.AgentOptionsStatus, ("status", "Available"), ("waiting", 2)), subtle: true)
            .SubmitButton("List", "list")
            .SubmitButton("Connect", "connect")
            .SubmitButton("Disconnect", "disconnect")
            .SubmitButton("Back to the queue", "transfer", ("agent", "queue"))
            .SubmitButton("Meeting", "meeting")
            .SubmitButton("Available", "status", ("status", "available"))
            .SubmitButton("Away", "status", ("status", "away"))
            .SubmitButton("Logout", "logout")
            .SubmitButton("Help", "help")
            .ToJson();

        HandoffCards.AgentOptions(s_catalogue, "Alice", "Available", 2, words).ShouldBe(expected);
    }

    [Fact]
    public void OptionsCardAndHelp_ForAGermanReader_AreTheGermanTextsWithTheSameButtonData()
    {
        var messages = new HandoffMessages();
        messages.UseLocaleOverrides(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["de"] = new Dictionary<string, string> { ["StatusAwayButton"] = "Abwesend", ["ListHelpLine"] = "**list** — wer wartet, wer spricht" },
            ["de-DE"] = new Dictionary<string, string> { ["CancelHelpLine"] = "Tippen Sie *cancel*, um die Warteschlange zu verlassen." },
        });
        var german = messages.For("de-DE");

        var card = HandoffCards.AgentOptions(s_catalogue, "Alice", "Away", 0, german);
        var help = s_catalogue.AgentHelp(german);
        var userHelp = s_catalogue.UserHelp(german);

        card.ShouldContain("\"title\":\"Abwesend\"");
        card.ShouldContain("\"data\":{\"command\":\"status\",\"status\":\"away\"}");
        card.ShouldNotContain("\"title\":\"Away\"");
        help.ShouldContain("- **list** — wer wartet, wer spricht\n");
        help.ShouldContain("- " + messages.ConnectHelpLine + "\n");
        userHelp.ShouldBe($"{messages.AskForAgentHelpLine} Tippen Sie *cancel*, um die Warteschlange zu verlassen. {messages.EndChatHelpLine}");
        HandoffCards.AgentOptions(s_catalogue, "Alice", "Away", 0, messages.For("fr-FR")).ShouldContain("\"title\":\"Away\"");
    }

    [Fact]
    public void AgentHelp_ListsTheHelpLinesInOrder()
    {
        s_catalogue.AgentHelp(new HandoffMessages()).ShouldBe(
            "Agent commands:\n\n" +
            "- **list** — waiting users, live conversations, recent bot chats\n" +
            "- **connect** — take the longest-waiting user (**connect <id>** for a given one)\n" +
            "- **focus <id or name>** — send your messages to that user (with several users at once)\n" +
            "- **disconnect** — end the focused conversation (**disconnect <id>** for a given one)\n" +
            "- **transfer <agent name>** — hand the focused user to another agent (**transfer queue** puts them back in the queue)\n" +
            "- **meeting** — send the user a Microsoft Teams meeting link\n" +
            "- **status available** / **status away** — presence\n" +
            "- **options** — the buttons\n" +
            "- **whoami** — how Handoff sees you\n" +
            "- **logout** — sign out\n\n" +
            "While connected, anything else you type goes to the user.");
    }

    [Fact]
    public void CardWords_FindTheirCommandPerAudience()
    {
        s_catalogue.ForAgent("connect").ShouldBeOfType<AcceptHandoffCommandEntry>();
        s_catalogue.ForAgent("status")!.CardArgument.ShouldBe("status");
        s_catalogue.ForAgent("status").ShouldBeOfType<SetAgentStatusCommandEntry>();
        s_catalogue.ForAgent("help")!.ScenarioId.ShouldBe("builtin/agent_help");
        s_catalogue.ForEndUser("help")!.ScenarioId.ShouldBe("builtin/help");
        s_catalogue.ForEndUser("login")!.ScenarioId.ShouldBe("builtin/agent_login");
        s_catalogue.ForEndUser("connect").ShouldBeNull();
        s_catalogue.ForAgent("agent").ShouldBeNull();
    }

    [Fact]
    public void SeededModels_AreValidLanguageModels()
    {
        foreach (var (name, audience, patterns, scenarioId) in s_catalogue.LanguageModels)
        {
            var model = LanguageModel.Create(LanguageModelId.New(), name, audience, [.. patterns], scenarioId, null, enabled: true, builtIn: true, 0, DateTimeOffset.UnixEpoch, seedKey: scenarioId);
            model.IsSuccess.ShouldBeTrue(name);
        }
    }

    [Fact]
    public void TwoEntriesClaimingOneScenario_AreRefused()
    {
        var entry = s_catalogue.Entries[0];

        Should.Throw<InvalidOperationException>(() => new CommandCatalogue([entry, entry])).Message.ShouldContain(entry.ScenarioId);
    }
}
