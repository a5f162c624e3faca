using Handoff.Application.Common.Settings;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>Per-locale words through <c>/api/messages</c>: the activity's <c>locale</c>, then its language, then the default.</summary>
public sealed class BotFrameworkLocaleTests(BotFrameworkLocaleTests.GermanFixture fixture) : IClassFixture<BotFrameworkLocaleTests.GermanFixture>
{
    public const string GermanyFallback = "Das habe ich leider nicht verstanden (Deutschland).";
    public const string GermanFallback = "Das habe ich leider nicht verstanden.";

    [Fact]
    public async Task Reply_ForALocale_IsWordedForTheLocaleThenItsLanguageThenTheDefault()
    {
        (await FallbackSeenBy("de-DE")).ShouldBe(GermanyFallback);
        (await FallbackSeenBy("de-AT")).ShouldBe(GermanFallback);
        (await FallbackSeenBy("en-US")).ShouldBe(Words.Default(nameof(HandoffMessages.Fallback)));
        (await FallbackSeenBy(locale: null)).ShouldBe(Words.Default(nameof(HandoffMessages.Fallback)));
    }

    private async Task<string> FallbackSeenBy(string? locale)
    {
        var conversation = $"webchat-conv-{Guid.NewGuid():N}";
        var activity = Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversation, "Jane Doe", conversation, "what are your opening hours");
        if (locale is not null)
        {
            activity["locale"] = locale;
        }

        await fixture.SendAsync(activity);
        string[] fallbacks = [GermanyFallback, GermanFallback, Words.Default(nameof(HandoffMessages.Fallback))];
        var reply = await fixture.Connector.WaitForAsync(r => r.ConversationId == conversation && r.IsSend && fallbacks.Contains(r.Text));
        return reply.Text!;
    }

    /// <summary>The Bot Framework host with German words for <c>de</c> and <c>de-DE</c>.</summary>
    public sealed class GermanFixture : BotFrameworkFixture
    {
        protected override void Configure(TestHostOptions options)
        {
            options.Settings["Handoff:Messages:de:Fallback"] = GermanFallback;
            options.Settings["Handoff:Messages:de-DE:Fallback"] = GermanyFallback;
        }
    }
}
