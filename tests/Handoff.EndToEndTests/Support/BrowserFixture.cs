using Microsoft.Playwright;

namespace Handoff.EndToEndTests.Support;

/// <summary>
/// One Chromium for the end-to-end tests: Debian's <c>/usr/bin/chromium</c> driven by Playwright (its own browser
/// download is never used). When that browser is missing the tests skip, and say so with a marker CI can grep for.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary><c>/usr/bin/chromium</c>, or <c>HANDOFF_E2E_CHROMIUM</c> when set (another location, or a missing one to try the skip).</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("HANDOFF_E2E_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Printed (and written to <c>TestResults/e2e-skipped.txt</c>) whenever a browser test is skipped.</summary>
    public const string SkipMarker = "HANDOFF-E2E-SKIPPED";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public static string ResultsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "e2e");

    public async ValueTask InitializeAsync()
    {
        // The marker file describes this run only.
        Directory.CreateDirectory(ResultsDirectory);
        File.Delete(Path.Combine(ResultsDirectory, "e2e-skipped.txt"));
        if (!File.Exists(ChromiumPath))
        {
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

    /// <summary>Skips the calling test, with the marker, when there is no browser.</summary>
    public IBrowser RequireBrowser()
    {
        if (Browser is not null)
        {
            return Browser;
        }

        var reason = $"{SkipMarker}: {ChromiumPath} is missing; install it with 'apt-get install -y chromium' to run the browser tests.";
        if (Environment.GetEnvironmentVariable("HANDOFF_REQUIRE_BROWSER") == "1")
        {
            // CI installs Chromium, so there a missing browser is a failure, not a skip.
            Assert.Fail(reason);
        }

        Console.WriteLine(reason);
        TestContext.Current.TestOutputHelper?.WriteLine(reason);
        Directory.CreateDirectory(ResultsDirectory);
        File.AppendAllText(Path.Combine(ResultsDirectory, "e2e-skipped.txt"), reason + Environment.NewLine);
        Assert.Skip(reason);
        return null!;
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
