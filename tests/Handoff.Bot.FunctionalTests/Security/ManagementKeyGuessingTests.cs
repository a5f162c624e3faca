using System.Net;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.Security;

/// <summary>Guessing management keys: failures are limited per client, on known and unknown paths alike, before routing.</summary>
public sealed class ManagementKeyGuessingTests
{
    private const string Key = "the-right-management-key-0123456789";

    [Fact]
    public async Task UnknownPath_AnswersTheSame401ForAWrongKey_AndOnlyTheRightKeyLearnsItIs404()
    {
        await using var host = await StartAsync(limit: 10);

        using var wrong = await SendAsync(host, "api/management/no-such-thing", "wrong-key");
        using var right = await SendAsync(host, "api/management/no-such-thing", Key);

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        right.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FailuresUpToTheLimit_Are401_OnePastItEveryRequestIs429_EvenWithTheRightKey()
    {
        await using var host = await StartAsync(limit: 3);

        var atTheLimit = new List<HttpStatusCode>();
        foreach (var path in new[] { "api/management/settings", "api/management/unknown", "api/management/queue" })
        {
            using var failed = await SendAsync(host, path, "guess-" + path.Length);
            atTheLimit.Add(failed.StatusCode);
        }

        using var onePast = await SendAsync(host, "api/management/unknown", "another-guess");
        using var rightKeyKnownPath = await SendAsync(host, "api/management/settings", Key);
        using var rightKeyUnknownPath = await SendAsync(host, "api/management/unknown", Key);

        atTheLimit.ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        onePast.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        onePast.Headers.RetryAfter.ShouldNotBeNull();
        rightKeyKnownPath.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        rightKeyUnknownPath.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task RightKeyRequests_DoNotCountAsFailures()
    {
        await using var host = await StartAsync(limit: 2);

        using var failed = await SendAsync(host, "api/management/settings", "guess");
        var served = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await SendAsync(host, "api/management/settings", Key);
            served.Add(response.StatusCode);
        }

        using var secondFailure = await SendAsync(host, "api/management/settings", "guess");

        served.ShouldAllBe(s => s == HttpStatusCode.OK);
        secondFailure.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Management:AuthFailures:Limit", "0")]
    [InlineData("Management:AuthFailures:Window", "00:00:00")]
    public async Task Start_WithANonPositiveFailureLimit_IsRefusedNamingTheKey(string key, string value)
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => TestHost.StartAsync(options => options.Settings[key] = value));

        error.Message.ShouldContain(key);
    }

    internal static Task<TestHost> StartAsync(int limit, Action<TestHostOptions>? configure = null) =>
        TestHost.StartAsync(options =>
        {
            options.Settings["Management:ApiKeys:0"] = Key;
            options.Settings["Management:AuthFailures:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            configure?.Invoke(options);
        });

    internal static async Task<HttpResponseMessage> SendAsync(TestHost host, string path, string key, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    internal static string RightKey => Key;
}
