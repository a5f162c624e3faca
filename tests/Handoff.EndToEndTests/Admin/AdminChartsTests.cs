using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Domain.Common;
using Handoff.EndToEndTests.Support;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.TestSupport;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Handoff.EndToEndTests.Admin;

/// <summary>The /admin history charts after a scripted day: users queue, an agent serves them one by one, a few messages fail.</summary>
public sealed class AdminChartsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Key = "e2e-admin-key-charts-5a4b3c2d1e";

    // Users asking for an agent in each hour of the day (UTC), and the hours in which one message fails for good.
    private static readonly int[] s_arrivals = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 3, 2, 3, 4, 3, 2, 2, 1, 1, 1, 0, 0, 0];
    private static readonly int[] s_failingHours = [10, 14];

    [Fact]
    public async Task Charts_ForAScriptedDay_ShowInlineSvgWithTableAlternatives()
    {
        var chromium = browser.RequireBrowser();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var channel = new RecordingChannelSender();
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Management:ApiKeys:0"] = Key;
            options.Settings["Handoff:Timeouts:Queue"] = "03:00:00";
            options.Settings["Handoff:Timeouts:User"] = "03:00:00";
            options.Settings["Handoff:Timeouts:Agent"] = "03:00:00";
            options.Services.Add(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.ReplaceChannelSender(channel, DirectLineActivities.ChannelId);
            });
        });
        var day = new ScriptedDay(host, clock, channel);
        await day.PlayAsync();

        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "UTC", ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(host.BaseAddress, "admin/").ToString());
        await page.FillAsync("#api-key", Key);
        await page.ClickAsync("#connect");
        await Expect(page.Locator("#history")).ToHaveAttributeAsync("data-loaded", "true");

        // Each chart is an SVG drawn by the page's own script, one bar per hour (two for deliveries), with a table.
        await Expect(page.Locator("#chart-queue svg rect")).ToHaveCountAsync(24);
        await Expect(page.Locator("#chart-wait svg rect")).ToHaveCountAsync(24);
        await Expect(page.Locator("#chart-deliveries svg rect")).ToHaveCountAsync(48);
        var queueRows = page.Locator("#chart-queue table tbody tr");
        await Expect(queueRows).ToHaveCountAsync(24);
        await Expect(queueRows.Nth(10)).ToContainTextAsync("10:00");
        await Expect(queueRows.Nth(10).Locator("td").Nth(1)).ToHaveTextAsync("4");
        await Expect(queueRows.Nth(2).Locator("td").Nth(1)).ToHaveTextAsync("0");
        var waitRows = page.Locator("#chart-wait table tbody tr");
        await Expect(waitRows.Nth(2).Locator("td").Nth(1)).ToHaveTextAsync("none");
        await Expect(waitRows.Nth(6).Locator("td").Nth(1)).ToHaveTextAsync("2 min 0 s");
        var deliveryRows = page.Locator("#chart-deliveries table tbody tr");
        await Expect(deliveryRows.Nth(10).Locator("td").Nth(2)).ToHaveTextAsync("1");
        await Expect(deliveryRows.Nth(11).Locator("td").Nth(2)).ToHaveTextAsync("0");
        (await page.Locator("#chart-queue svg").GetAttributeAsync("role")).ShouldBe("img");
        violations.ShouldBeEmpty();

        var screenshot = Path.Combine(BrowserFixture.ResultsDirectory, "admin-charts.png");
        await page.Locator("#history").ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
        if (Environment.GetEnvironmentVariable("HANDOFF_UPDATE_DOCS_IMAGES") == "1")
        {
            File.Copy(screenshot, Path.Combine(WebChatHost.RepositoryRoot(), "docs", "images", "admin-charts.png"), overwrite: true);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {screenshot}");
    }

    /// <summary>Drives the day through the real inbound command, delivering after each step so delivery times are the scripted ones.</summary>
    private sealed class ScriptedDay(TestHost host, FakeTimeProvider clock, RecordingChannelSender channel)
    {
        private int _users;

        public async Task PlayAsync()
        {
            await AgentAsync("login");
            for (var hour = 0; hour < 24; hour++)
            {
                var start = clock.GetUtcNow();
                var users = Enumerable.Range(0, s_arrivals[hour]).Select(_ => $"u{++_users}").ToList();
                foreach (var user in users)
                {
                    await UserAsync(user, "I want an agent");
                }

                // The agent serves them in turn: the first after 2 minutes, each conversation taking 4 minutes.
                clock.Advance(TimeSpan.FromMinutes(2));
                foreach (var (user, index) in users.Select((u, i) => (u, i)))
                {
                    await AgentAsync("connect");
                    if (index == 0 && s_failingHours.Contains(hour))
                    {
                        channel.Script(AgentConversation, DeliveryResult.Permanent("400 from the test channel"));
                    }

                    await UserAsync(user, "My appointment moved");
                    await AgentAsync("I can help with that");
                    clock.Advance(TimeSpan.FromMinutes(4));
                    await AgentAsync("disconnect");
                }

                // The page is opened during the last scripted hour, so the 24 hours shown are exactly the scripted ones.
                clock.SetUtcNow(start.AddHours(hour < 23 ? 1 : 0.5));
            }
        }

        private const string AgentConversation = "agent-conv-alice";

        private Task UserAsync(string user, string text) => SendAsync(
            new ChannelAddress("directline", $"conv-{user}", $"dl_{user}"), new Sender($"dl_{user}", $"User {user}"), text);

        private Task AgentAsync(string text) => SendAsync(
            new ChannelAddress("directline", AgentConversation, "agent_alice"), new Sender("agent_alice", "Alice", IsVerifiedAgent: true), text);

        private async Task SendAsync(ChannelAddress address, Sender from, string text)
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                    new HandleIncomingMessageCommand(address, from, text, null, [], Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
                result.IsSuccess.ShouldBeTrue(result.IsFailure ? result.Error.ToString() : null);
            }

            await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(TestContext.Current.CancellationToken);
        }
    }
}
