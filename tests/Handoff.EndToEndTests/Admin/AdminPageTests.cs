using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Domain.Common;
using Handoff.EndToEndTests.Support;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.TestSupport;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Handoff.EndToEndTests.Admin;

public sealed class AdminPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Key = "e2e-admin-key-9f8e7d6c5b4a";
    private const string MarkerAlert = "probe-after-the-queue-rendered";

    [Fact]
    public async Task Administrator_EntersKey_CreatesAndTestsALanguageModel_AndSeesAWaitingUserRenderedAsText()
    {
        var chromium = browser.RequireBrowser();

        var sender = new RecordingChannelSender();
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Management:ApiKeys:0"] = Key;
            options.Services.Add(services => services.ReplaceChannelSender(sender, DirectLineActivities.ChannelId));
        });
        // A hostile display name: the page must show it as text, never as markup.
        const string userName = "<img src=x id=injected onerror=alert(1)> Jane";
        var address = new ChannelAddress("directline", "conv-e2e-" + Guid.NewGuid().ToString("N"), "dl_e2e_user");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                new HandleIncomingMessageCommand(address, new Sender("dl_e2e_user", userName), "I want an agent", null, [], "e2e-1"),
                TestContext.Current.CancellationToken);
            result.IsSuccess.ShouldBeTrue(result.Error.ToString());
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Dialog += (_, dialog) =>
        {
            if (dialog.Message == MarkerAlert)
            {
                marker.TrySetResult();
            }
            else
            {
                Interlocked.Increment(ref dialogs);
            }

            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(new Uri(host.BaseAddress, "admin/").ToString());
        await page.FillAsync("#api-key", Key);
        await page.ClickAsync("#connect");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Connected");

        await page.FillAsync("#lm-name", "login");
        await page.SelectOptionAsync("#lm-audience", "Any");
        await page.FillAsync("#lm-patterns", "^sign me in$");
        await page.SelectOptionAsync("#lm-scenario", "builtin/agent_login");
        await page.ClickAsync("#lm-save");
        await Expect(page.Locator("#lm-result")).ToContainTextAsync("Saved 'login' → builtin/agent_login");
        await Expect(page.Locator("#lm-table tbody")).ToContainTextAsync("^sign me in$");

        await page.FillAsync("#lm-test-utterance", "sign me in");
        await page.SelectOptionAsync("#lm-test-audience", "Agent");
        await page.ClickAsync("#lm-test-run");
        await Expect(page.Locator("#lm-test-result")).ToHaveTextAsync("Winning scenario: builtin/agent_login");
        await Expect(page.Locator("#lm-test-scores tbody tr").First).ToContainTextAsync("login");

        await page.FillAsync("#lm-patterns", "(unclosed");
        await page.ClickAsync("#lm-save");
        await Expect(page.Locator("#lm-errors")).ToContainTextAsync("patterns[0]");

        var queue = page.Locator("#queue tbody");
        await Expect(queue).ToContainTextAsync(userName);
        (await page.Locator("#injected").CountAsync()).ShouldBe(0);
        (await queue.Locator("img").CountAsync()).ShouldBe(0);

        // The positive event: an image added after the queue rendered, whose failed load raises an alert through a
        // script listener. Its error comes after the one a rendered hostile image would have had, so once the marker
        // alert has arrived, an alert from the display name would have too.
        await page.EvaluateAsync($"() => {{ const probe = new Image(); probe.addEventListener('error', () => alert('{MarkerAlert}')); probe.src = 'x'; }}");
        await marker.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Volatile.Read(ref dialogs).ShouldBe(0);
    }
}
