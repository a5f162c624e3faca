using System.Text.Json.Nodes;
using Handoff.Application.Common.Settings;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>
/// The words follow the activity's <c>locale</c> as Web Chat sends it: <c>Handoff:Messages:de-DE:*</c>, then
/// <c>Handoff:Messages:de:*</c>, then the default.
/// </summary>
public sealed class DirectLineLocaleTests
{
    public const string GermanyFallback = "Das habe ich leider nicht verstanden. Tippen Sie *agent* (Deutschland).";
    public const string GermanFallback = "Das habe ich leider nicht verstanden. Tippen Sie *agent*.";

    [Fact]
    public async Task Reply_ForALocale_IsWordedForTheLocaleThenItsLanguageThenTheDefault()
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Handoff:Messages:de:Fallback"] = GermanFallback;
            options.Settings["Handoff:Messages:de-DE:Fallback"] = GermanyFallback;
        });

        (await FallbackSeenBy(host, "de-DE")).ShouldBe(GermanyFallback);
        (await FallbackSeenBy(host, "de-CH")).ShouldBe(GermanFallback);
        (await FallbackSeenBy(host, "fr-FR")).ShouldBe(Words.Default(nameof(HandoffMessages.Fallback)));
        (await FallbackSeenBy(host, locale: null)).ShouldBe(Words.Default(nameof(HandoffMessages.Fallback)));
    }

    /// <summary>A new Web Chat user says something the bot does not understand; the bot's answer.</summary>
    private static async Task<string> FallbackSeenBy(TestHost host, string? locale)
    {
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client, "Jane Doe");
        await user.ConnectAsync();
        var extra = locale is null ? null : new JsonObject { ["locale"] = locale };
        await user.PostMessageAsync("what are your opening hours", $"client-{locale}", extra);
        string[] fallbacks = [GermanyFallback, GermanFallback, Words.Default(nameof(HandoffMessages.Fallback))];
        var reply = await user.WaitForAsync(a => (string?)a["from"]?["role"] == "bot" && fallbacks.Contains((string?)a["text"]));
        return (string)reply["text"]!;
    }
}
