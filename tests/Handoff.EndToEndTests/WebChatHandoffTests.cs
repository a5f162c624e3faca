using Handoff.TestSupport;
using Handoff.Application.Common.Settings;
using Handoff.EndToEndTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Handoff.EndToEndTests;

/// <summary>
/// The official Web Chat in a real browser: end users on <c>/</c> and an agent on <c>/agent</c>, all against the
/// embedded Direct Line endpoint, through a whole handoff, and one agent serving two users by focus.
/// </summary>
public sealed class WebChatHandoffTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly float s_timeout = 30_000;

    [Fact]
    public async Task User_HandedToAnAgent_TalksGetsAMeetingLinkAndReturnsToTheBot()
    {
        var chromium = browser.RequireBrowser();
        await using var server = await WebChatHost.StartAsync();
        var baseUrl = server.Host.BaseAddress.ToString();
        await using var userContext = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 900, Height = 900 } });
        await using var agentContext = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 900, Height = 900 } });
        var user = await userContext.NewPageAsync();
        var agent = await agentContext.NewPageAsync();

        // Both pages run under the server's Content Security Policy: anything it blocks is reported on the console.
        var blocked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        foreach (var page in new[] { user, agent })
        {
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    blocked.Enqueue(message.Text);
                }
            };
        }

        try
        {
            // The user opens the page, is greeted, and asks for a person.
            var userPage = await user.GotoAsync(baseUrl + "?name=Jane%20Doe");
            (await userPage!.HeaderValueAsync("content-security-policy")).ShouldNotBeNull().ShouldContain("script-src 'self'");
            await SeeAsync(user, "the assistant. Type");
            await TypeAsync(user, "agent");
            await SeeAsync(user, "number 1 in the queue");

            // Then the agent signs in with the access key and logs in with the Login button: the user already waiting is announced.
            var agentPage = await agent.GotoAsync(baseUrl + "agent");
            (await agentPage!.HeaderValueAsync("content-security-policy")).ShouldNotBeNull().ShouldContain("frame-ancestors 'self'");
            await agent.Locator("#agent-name").FillAsync("Alice Agent");
            await agent.Locator("#agent-key").FillAsync(WebChatHost.AgentKey);
            await agent.Locator("#sign-in-button").ClickAsync();
            await SeeAsync(agent, "Agents: type");
            await agent.Locator("[data-command=login]").ClickAsync();
            await SeeAsync(agent, "signed in as an agent");

            // The agent gets the waiting-user card and presses its Connect button.
            var card = agent.Locator(".ac-adaptiveCard", new PageLocatorOptions { HasText = Words.Default(nameof(HandoffMessages.WaitingCardTitle), ("user", "Jane Doe")) }).Last;
            await Expect(card).ToBeVisibleAsync(new() { Timeout = s_timeout });
            await card.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
            await SeeAsync(user, "now chatting with Alice Agent");
            await SeeAsync(agent, "connected to Jane Doe");

            // Both see each other's words.
            await TypeAsync(user, "my knee still hurts");
            await SeeAsync(agent, "my knee still hurts");
            await TypeAsync(agent, "Let's look at it on video.");
            await SeeAsync(user, "look at it on video");

            // A meeting: the user gets a card with a Join button.
            await agent.Locator("[data-command=meeting]").ClickAsync();
            await SeeAsync(user, "invites you to a Microsoft Teams meeting");
            await Expect(user.GetByRole(AriaRole.Button, new() { Name = "Join meeting" }).Last).ToBeVisibleAsync(new() { Timeout = s_timeout });
            server.Meetings.Requests.ShouldHaveSingleItem().OrganizerObjectId.ShouldBe(WebChatHost.DefaultOrganizer);

            // The agent disconnects; the user is back with the bot.
            await agent.Locator("[data-command=disconnect]").ClickAsync();
            await SeeAsync(user, "back with the assistant");
            await TypeAsync(user, "thanks");
            await SeeAsync(user, "to talk to a person, or");

            (await user.ContentAsync()).ShouldNotContain("Send failed");
            (await agent.ContentAsync()).ShouldNotContain("Send failed");
            blocked.ShouldBeEmpty();
        }
        finally
        {
            Directory.CreateDirectory(BrowserFixture.ResultsDirectory);
            await user.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory, "user-web-chat.png") });
            await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory, "agent-web-chat.png") });
            TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {BrowserFixture.ResultsDirectory}");
        }
    }

    [Fact]
    public async Task OneAgent_ServesTwoBrowserUsers_SwitchingFocusWithTheButtons()
    {
        var chromium = browser.RequireBrowser();
        await using var server = await WebChatHost.StartAsync(options => options.Settings["Handoff:Agents:Capacity"] = "2");
        var baseUrl = server.Host.BaseAddress.ToString();
        var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 900, Height = 900 } };
        await using var janeContext = await chromium.NewContextAsync(viewport);
        await using var johnContext = await chromium.NewContextAsync(viewport);
        await using var agentContext = await chromium.NewContextAsync(viewport);
        var jane = await janeContext.NewPageAsync();
        var john = await johnContext.NewPageAsync();
        var agent = await agentContext.NewPageAsync();

        try
        {
            await agent.GotoAsync(baseUrl + "agent");
            await agent.Locator("#agent-name").FillAsync("Alice Agent");
            await agent.Locator("#agent-key").FillAsync(WebChatHost.AgentKey);
            await agent.Locator("#sign-in-button").ClickAsync();
            await SeeAsync(agent, "Agents: type");
            await agent.Locator("[data-command=login]").ClickAsync();
            await SeeAsync(agent, "signed in as an agent");

            // Two users ask for a person; the agent connects both with the Connect buttons (the newest is the focus).
            foreach (var (page, name, query) in new[] { (jane, "Jane Doe", "Jane%20Doe"), (john, "John Roe", "John%20Roe") })
            {
                await page.GotoAsync(baseUrl + "?name=" + query);
                await SeeAsync(page, "the assistant. Type");
                await TypeAsync(page, "agent");
                await SeeAsync(page, "in the queue");
                var card = agent.Locator(".ac-adaptiveCard", new PageLocatorOptions { HasText = name + " is waiting" }).Last;
                await Expect(card).ToBeVisibleAsync(new() { Timeout = s_timeout });
                await card.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
                await SeeAsync(page, "now chatting with Alice Agent");
                await SeeAsync(agent, "connected to " + name);
            }

            // John is the focus: his typing shows in the agent page (Web Chat renders the relayed typing activity).
            await john.Locator("[data-id=webchat-sendbox-input]").FillAsync("I am writi");
            await Expect(agent.Locator(".webchat__typing-indicator")).ToBeVisibleAsync(new() { Timeout = s_timeout });
            Directory.CreateDirectory(BrowserFixture.ResultsDirectory);
            await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory, "two-users-agent-sees-typing.png") });
            await john.Locator("[data-id=webchat-sendbox-input]").FillAsync(string.Empty);
            await TypeAsync(agent, "Hello John");
            await SeeAsync(john, "Hello John");

            // Jane writes; the agent presses the button on her relayed message, and the next words go to her.
            await TypeAsync(jane, "jane asks about her results");
            await SeeAsync(agent, "jane asks about her results");
            await agent.GetByRole(AriaRole.Button, new() { Name = "Reply to Jane Doe" }).Last.ClickAsync();
            await SeeAsync(agent, "now go to Jane Doe");
            await TypeAsync(agent, "Hello Jane");
            await SeeAsync(jane, "Hello Jane");

            // And back to John with his button: what each was sent is all each sees.
            await TypeAsync(john, "john asks about parking");
            await SeeAsync(agent, "john asks about parking");
            await agent.GetByRole(AriaRole.Button, new() { Name = "Reply to John Roe" }).Last.ClickAsync();
            await SeeAsync(agent, "now go to John Roe");
            await TypeAsync(agent, "Hello again John");
            await SeeAsync(john, "Hello again John");

            (await john.ContentAsync()).ShouldNotContain("Hello Jane");
            (await jane.ContentAsync()).ShouldNotContain("Hello John");
            (await jane.ContentAsync()).ShouldNotContain("Hello again John");
            (await agent.ContentAsync()).ShouldNotContain("Send failed");
        }
        finally
        {
            Directory.CreateDirectory(BrowserFixture.ResultsDirectory);
            await jane.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory, "two-users-jane.png") });
            await john.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory, "two-users-john.png") });
            await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory, "two-users-agent.png") });
            TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {BrowserFixture.ResultsDirectory}");
        }
    }

    /// <summary>Waits until the text is shown (Web Chat renders markdown, so texts with apostrophes are avoided: they become typographic).</summary>
    private static async Task SeeAsync(IPage page, string text) =>
        await Expect(page.GetByText(text).Last).ToBeVisibleAsync(new() { Timeout = s_timeout });

    private static async Task TypeAsync(IPage page, string text)
    {
        var sendBox = page.Locator("[data-id=webchat-sendbox-input]");
        await sendBox.FillAsync(text);
        await sendBox.PressAsync("Enter");
    }
}
