using System.Net;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.Security;

public sealed class SecurityHeadersAndProxyTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/agent/")]
    [InlineData("/js/user.js")]
    [InlineData("/health")]
    [InlineData("/api/management/settings")]
    [InlineData("/v3/directline/conversations")]
    [InlineData("/no-such-page")]
    public async Task EveryAnswer_CarriesNosniffReferrerPolicyAndACsp(string path)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client.GetAsync(path.TrimStart('/'), TestContext.Current.CancellationToken);

        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors");
    }

    [Fact]
    public async Task WebChatPages_AllowOnlyLocalScripts_TheUserPageMayBeFramedByTheConfiguredOrigins_TheAgentPageByThisSiteOnly()
    {
        await using var host = await TestHost.StartAsync(options =>
            options.Settings["WebChat:FrameAncestors:0"] = "https://portal.hospital.example");

        using var user = await host.Client.GetAsync(string.Empty, TestContext.Current.CancellationToken);
        using var agent = await host.Client.GetAsync("agent/", TestContext.Current.CancellationToken);
        using var api = await host.Client.GetAsync("health", TestContext.Current.CancellationToken);
        using var admin = await host.Client.GetAsync("admin/", TestContext.Current.CancellationToken);

        var userPolicy = user.Headers.GetValues("Content-Security-Policy").Single();
        userPolicy.ShouldContain("script-src 'self';");
        userPolicy.ShouldNotContain("unsafe-eval");
        userPolicy.ShouldEndWith("frame-ancestors https://portal.hospital.example");
        agent.Headers.GetValues("Content-Security-Policy").Single().ShouldEndWith("frame-ancestors 'self'");
        api.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        admin.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        admin.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("form-action 'none'");
    }

    [Theory]
    [InlineData("WebChat:FrameAncestors:0", "https://ok.example; script-src *")]
    [InlineData("WebChat:FrameAncestors:0", "javascript:alert(1)")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    public async Task Start_WithAnInvalidSecuritySetting_IsRefusedNamingTheKey(string key, string value)
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => TestHost.StartAsync(options => options.Settings[key] = value));

        error.Message.ShouldContain(key.Split(':')[1]);
    }

    [Fact]
    public async Task FromAKnownProxy_XForwardedForIsTheClient_SoOneLockedOutClientDoesNotLockOutTheOthers()
    {
        await using var host = await ManagementKeyGuessingTests.StartAsync(limit: 2, options =>
            options.Settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1");

        using var first = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", "guess", "203.0.113.7");
        using var second = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", "guess", "203.0.113.7");
        using var lockedOut = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", ManagementKeyGuessingTests.RightKey, "203.0.113.7");
        using var otherClient = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", ManagementKeyGuessingTests.RightKey, "198.51.100.20");

        lockedOut.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        otherClient.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.9.9.9")]
    public async Task FromAnUntrustedPeer_ASpoofedXForwardedForIsIgnored_SoChangingItDoesNotEscapeTheLockout(string? knownProxy)
    {
        await using var host = await ManagementKeyGuessingTests.StartAsync(limit: 2, options =>
        {
            if (knownProxy is not null)
            {
                options.Settings["ForwardedHeaders:KnownNetworks:0"] = knownProxy + "/32";
            }
        });

        using var first = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", "guess", "203.0.113.7");
        using var second = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", "guess", "203.0.113.8");
        using var spoofed = await ManagementKeyGuessingTests.SendAsync(host, "api/management/settings", ManagementKeyGuessingTests.RightKey, "198.51.100.20");

        second.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        spoofed.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
