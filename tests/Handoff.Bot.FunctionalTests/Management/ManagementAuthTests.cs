using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Handoff.Bot.Configuration;
using Handoff.Infrastructure.Management;
using Handoff.Infrastructure.Secrets;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Management;

[Collection(ManagementCollection.Name)]
public sealed class ManagementAuthTests(ManagementHost host)
{
    [Fact]
    public async Task Request_WithoutKeyOrWithWrongKey_Is401ProblemBeforeTheBodyIsRead()
    {
        using var anonymous = host.Client(null);
        using var wrong = host.Client("not-the-key");

        using var noKey = await anonymous.GetAsync("api/management/settings", TestContext.Current.CancellationToken);
        using var wrongKey = await wrong.GetAsync("api/management/queue", TestContext.Current.CancellationToken);
        using var noKeyBadJson = await anonymous.PutAsync("api/management/settings", new StringContent("{not json", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var hashAsKey = host.Client(ManagementApiKeys.HashOf(ManagementHost.OpsKey));
        using var hashPresented = await hashAsKey.GetAsync("api/management/agents", TestContext.Current.CancellationToken);

        noKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        noKey.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        (await ManagementHost.ReadAsync(noKey))["title"]!.GetValue<string>().ShouldContain("API key");
        wrongKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        noKeyBadJson.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        hashPresented.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithBearerKeyXApiKeyOrHashedConfiguredKey_IsServed()
    {
        using var bearer = host.Client(ManagementHost.Key);
        using var header = new HttpClient { BaseAddress = host.Host.BaseAddress };
        header.DefaultRequestHeaders.Add("X-Api-Key", ManagementHost.Key);
        using var ops = host.Client(ManagementHost.OpsKey);

        using var viaBearer = await bearer.GetAsync("api/management/settings", TestContext.Current.CancellationToken);
        using var viaHeader = await header.GetAsync("api/management/settings", TestContext.Current.CancellationToken);
        using var viaHashedEntry = await ops.GetAsync("api/management/settings", TestContext.Current.CancellationToken);

        viaBearer.StatusCode.ShouldBe(HttpStatusCode.OK);
        viaHeader.StatusCode.ShouldBe(HttpStatusCode.OK);
        viaHashedEntry.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApiDocsAndAdminPage_AreServedWithoutAKey()
    {
        using var anonymous = host.Client(null);

        var openApi = await anonymous.GetStringAsync("openapi/v1.json", TestContext.Current.CancellationToken);
        using var docs = await anonymous.GetAsync("docs", TestContext.Current.CancellationToken);
        using var admin = await anonymous.GetAsync("admin/", TestContext.Current.CancellationToken);
        using var adminScript = await anonymous.GetAsync("admin/admin.js", TestContext.Current.CancellationToken);

        openApi.ShouldContain("/api/management/settings");
        openApi.ShouldContain("/api/management/language-models/test");
        openApi.ShouldContain("X-Api-Key");
        docs.StatusCode.ShouldBe(HttpStatusCode.OK);
        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        admin.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        admin.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        adminScript.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>A host with no configured key: one is generated, shown once on the console (never logged), only its hash stored; requests are rate limited.</summary>
/// <remarks>
/// Reads the key files under data/, which is where Sqlite keeps generated keys; on PostgreSQL they are rows shared by
/// the instances, shown by SharedSecretsTests and SeveralInstancesTests (printed once, valid on every instance).
/// </remarks>
[Trait(TestDatabase.Trait, "Sqlite")]
public sealed class GeneratedKeyAndRateLimitTests
{
    [Fact]
    public async Task FirstStart_WithoutConfiguredKeys_ShowsTheKeyOnceNeverLogsItStoresOnlyItsHash_AndRateLimits()
    {
        var console = new StringWriter();
        var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Management:RateLimit:PermitLimit"] = "5";
            options.Settings["Management:RateLimit:Window"] = "01:00:00";
            options.Services.Add(services => services.AddSingleton(new OperatorConsole(console)));
        });
        var key = PrintedKey(console.ToString());
        var keyFile = Path.Combine(host.ContentRoot, "data", ManagementApiKeys.KeyFileName);
        var stored = (await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken)).Trim();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("api/management/stats", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        key.Length.ShouldBeGreaterThanOrEqualTo(40);
        stored.ShouldBe(ManagementApiKeys.HashOf(key));
        stored.ShouldNotContain(key);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        host.Logs.Lines.ShouldNotBeEmpty();
        host.Logs.Lines.ShouldNotContain(l => l.Contains(key, StringComparison.Ordinal));
        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses[5].ShouldBe(HttpStatusCode.TooManyRequests);

        await using var restarted = await host.RestartAsync();
        using var again = new HttpClient { BaseAddress = restarted.BaseAddress };
        again.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var afterRestart = await again.GetAsync("api/management/stats", TestContext.Current.CancellationToken);

        afterRestart.StatusCode.ShouldBe(HttpStatusCode.OK);
        restarted.Logs.Lines.ShouldNotContain(l => l.Contains(key, StringComparison.Ordinal));
        Regex.Matches(console.ToString(), Regex.Escape(key)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task KeyFileWrittenByAnOlderVersion_WithThePlainKey_KeepsWorking_AndIsRewrittenAsItsHash()
    {
        using var directory = new TempDirectory();
        const string legacyKey = "legacy-plain-management-key-0123456789abcdef";
        Directory.CreateDirectory(Path.Combine(directory.Path, "data"));
        var keyFile = Path.Combine(directory.Path, "data", ManagementApiKeys.KeyFileName);
        await File.WriteAllTextAsync(keyFile, legacyKey, TestContext.Current.CancellationToken);
        var console = new StringWriter();

        await using var host = await TestHost.StartAsync(options =>
        {
            options.ContentRoot = directory.Path;
            options.Services.Add(services => services.AddSingleton(new OperatorConsole(console)));
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", legacyKey);
        using var response = await client.GetAsync("api/management/stats", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken)).Trim().ShouldBe(ManagementApiKeys.HashOf(legacyKey));
        console.ToString().ShouldNotContain(legacyKey);
    }

    private static string PrintedKey(string console)
    {
        var lines = console.Split('\n', StringSplitOptions.TrimEntries);
        var heading = Array.FindIndex(lines, l => l.Contains("management API key", StringComparison.Ordinal));
        heading.ShouldBeGreaterThanOrEqualTo(0, console);
        return lines[heading + 1];
    }
}
