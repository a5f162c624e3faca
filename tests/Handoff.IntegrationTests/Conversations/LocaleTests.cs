using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Settings;
using Handoff.Application.Conversations.ExpireTimeouts;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>
/// The locale of a person's last activity is kept (on the conversation, on the agent), so what they are told later —
/// by the timeout scan, by the other side — is worded for them too.
/// </summary>
public sealed class LocaleTests
{
    private const string GermanQueueTimeout = "Leider konnte sich niemand rechtzeitig melden.";
    private const string GermanFallbackText = "Sie können uns hier eine Nachricht hinterlassen.";
    private const string GermanUserTimeout = "Das Gespräch mit {agent} wurde beendet.";
    private const string FrenchUserTimeoutNotice = "La conversation avec {user} est terminée ({duration}).";

    private static Dictionary<string, string?> Settings() => People.Settings(
        ("Handoff:Timeouts:Queue", "00:10:00"),
        ("Handoff:Timeouts:User", "00:05:00"),
        ("Handoff:Messages:de:QueueTimeout", GermanQueueTimeout),
        ("Handoff:Messages:de-DE:QueueTimeoutFallback", GermanFallbackText),
        ("Handoff:Messages:de:UserTimeout", GermanUserTimeout),
        ("Handoff:Messages:fr:UserTimeoutNotice", FrenchUserTimeoutNotice),
        ("Handoff:Messages:de:Errors:handoff.not_waiting", "Sie warten gerade nicht."));

    [Fact]
    public async Task QueueTimeout_IsToldInTheLocaleOfTheUsersLastActivity()
    {
        await using var harness = await HandoffHarness.StartAsync(Settings());
        var people = new People(harness);
        await people.User("jane", "agent", locale: "de-DE");
        await harness.DeliverAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        (await harness.SendAsync(new ExpireTimeoutsCommand())).QueueTimeouts.ShouldBe(1);

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane")).ShouldBe([GermanQueueTimeout, GermanFallbackText]);
        (await harness.ReadAsync(db => db.Conversations.SingleAsync())).Locale.ShouldBe("de-DE");
    }

    [Fact]
    public async Task AnActivityWithoutALocale_KeepsTheOneBefore_AndRefusalsAreWordedForIt()
    {
        await using var harness = await HandoffHarness.StartAsync(Settings());
        var people = new People(harness);
        await people.User("jane", "hello", locale: "de-AT");
        await people.User("jane", "cancel");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane"))[^1].ShouldBe("Sie warten gerade nicht.");
        (await harness.ReadAsync(db => db.Conversations.SingleAsync())).Locale.ShouldBe("de-AT");
    }

    [Fact]
    public async Task UserSilence_TellsEachSideInTheirOwnLocale()
    {
        await using var harness = await HandoffHarness.StartAsync(Settings());
        var people = new People(harness);
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent", locale: "de-DE");
        await people.TeamsAgent("alice", "connect", locale: "fr-FR");
        await harness.DeliverAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        (await harness.SendAsync(new ExpireTimeoutsCommand())).InactivityEnds.ShouldBe(1);

        var delivered = await harness.DeliverAsync();
        delivered.SeenBy(People.UserAddress("jane"))[^1].ShouldBe("Das Gespräch mit Alice wurde beendet.");
        delivered.SeenBy(People.TeamsAddress("alice"))[^1].ShouldBe("La conversation avec Jane Doe est terminée (5 minutes).");
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).Locale.ShouldBe("fr-FR");
    }

    [Fact]
    public async Task HelpLinesAndButtonTitles_AreWordedInTheReadersLocale_WithTheSameButtonData()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(
            ("Handoff:Messages:de:ConnectButton", "Verbinden"),
            ("Handoff:Messages:de-DE:ConnectHelpLine", "**connect** — den am längsten Wartenden übernehmen"),
            ("Handoff:Messages:de:CancelHelpLine", "Tippen Sie *cancel*, um die Warteschlange zu verlassen."),
            ("Handoff:Messages:LogoutButton", "Sign out")));
        var people = new People(harness);
        harness.Directory.AddMember(People.EntraId("alice"), "Alice");
        harness.Directory.AddMember(People.EntraId("bob"), "Bob");
        await people.TeamsAgent("alice", "login", locale: "de-DE");
        await people.TeamsAgent("bob", "login");
        await harness.DeliverAsync();

        await people.TeamsAgent("alice", "options", locale: "de-DE");
        await people.TeamsAgent("alice", "help", locale: "de-DE");
        await people.TeamsAgent("bob", "options");
        await people.User("jane", "help", locale: "de-AT");
        var delivered = await harness.DeliverAsync();

        var alice = delivered.SeenBy(People.TeamsAddress("alice"));
        alice[0].ShouldContain("[Verbinden {\"command\":\"connect\"}]");
        alice[0].ShouldContain("[Sign out {\"command\":\"logout\"}]");
        alice[1].ShouldContain("- **connect** — den am längsten Wartenden übernehmen\n");
        alice[1].ShouldContain("- " + Words.Default(nameof(HandoffMessages.ListHelpLine)) + "\n");
        delivered.SeenBy(People.TeamsAddress("bob")).ShouldHaveSingleItem()
            .ShouldContain($"[{Words.Default(nameof(HandoffMessages.ConnectButton))} {{\"command\":\"connect\"}}]");
        delivered.SeenBy(People.UserAddress("jane")).ShouldHaveSingleItem().ShouldContain("Tippen Sie *cancel*, um die Warteschlange zu verlassen.");
    }

    [Fact]
    public async Task WithoutAnOverrideForTheLocale_TheDefaultWordsAreSaid()
    {
        await using var harness = await HandoffHarness.StartAsync(Settings());
        var people = new People(harness);
        await people.User("jane", "agent", locale: "es-419");
        await harness.DeliverAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.SendAsync(new ExpireTimeoutsCommand());

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane"))
            .ShouldBe([Words.Default(nameof(HandoffMessages.QueueTimeout)), Words.Default(nameof(HandoffMessages.QueueTimeoutFallback))]);
        (await harness.ReadAsync(db => db.Conversations.SingleAsync())).State.ShouldBe(ConversationState.Bot);
    }

    [Fact]
    public async Task ADefaultRefusalOverride_ReplacesThatCodesWords_AndKeepsTheOthers()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Handoff:Messages:Errors:handoff.not_waiting", "Nothing to cancel.")));
        var people = new People(harness);
        await people.User("jane", "cancel");

        (await harness.DeliverAsync()).SeenBy(People.UserAddress("jane"))[^1].ShouldBe("Nothing to cancel.");
        using var scope = harness.Services.CreateScope();
        var words = (await scope.ServiceProvider.GetRequiredService<IHandoffSettings>().GetAsync(TestContext.Current.CancellationToken)).Handoff.Messages;
        words.Render(ConversationErrors.AlreadyTaken("Jane Doe", "Alice")).ShouldBe(Words.Default(ConversationErrors.AlreadyTaken("Jane Doe", "Alice")));
        words.Errors.Count.ShouldBe(new HandoffMessages().Errors.Count);
    }

    [Fact]
    public async Task AMalformedLocale_IsRefusedByValidation()
    {
        await using var harness = await HandoffHarness.StartAsync(Settings());
        var people = new People(harness);

        await Should.ThrowAsync<Handoff.Application.Common.Exceptions.ValidationException>(() => people.User("jane", "hello", locale: "de_DE<script>"));
        await Should.ThrowAsync<Handoff.Application.Common.Exceptions.ValidationException>(() => people.User("jane", "hello", locale: new string('a', 8) + string.Concat(Enumerable.Repeat("-abcdefgh", 4))));
    }
}
