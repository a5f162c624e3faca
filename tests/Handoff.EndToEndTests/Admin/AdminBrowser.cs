using Microsoft.Playwright;

namespace Handoff.EndToEndTests.Admin;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download). Missing Chromium is reported, and the tests skip.
/// </summary>
public sealed class AdminBrowser : IAsyncLifetime
{
    /// <summary>Debian's Chromium; <c>HANDOFF_CHROMIUM_PATH</c> points elsewhere (e.g. to check the skip).</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("HANDOFF_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? UnavailableReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            UnavailableReason = $"{ChromiumPath} is missing: install it with 'apt-get update && apt-get install -y chromium' to run the browser tests.";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
