using System.Net;
using Handoff.Infrastructure.Management;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Security;

public sealed class FailedAuthenticationLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AtTheLimit_TheClientWaitsUntilTheWindowEnds_AndOnlyThen_MayTryAgain()
    {
        var limiter = new FailedAuthenticationLimiter(limit: 2, window: TimeSpan.FromMinutes(10), _clock);

        limiter.RecordFailure("203.0.113.7");
        var belowTheLimit = limiter.RetryAfter("203.0.113.7");
        limiter.RecordFailure("203.0.113.7");
        var atTheLimit = limiter.RetryAfter("203.0.113.7");
        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var justBeforeTheEnd = limiter.RetryAfter("203.0.113.7");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var atTheEnd = limiter.RetryAfter("203.0.113.7");

        belowTheLimit.ShouldBeNull();
        atTheLimit.ShouldBe(TimeSpan.FromMinutes(10));
        justBeforeTheEnd.ShouldBe(TimeSpan.FromSeconds(1));
        atTheEnd.ShouldBeNull();
        limiter.RetryAfter("198.51.100.1").ShouldBeNull();
    }

    [Fact]
    public void PastTheTrackedClientLimit_NewClientsShareOneEntry_SoMemoryStaysBounded()
    {
        var limiter = new FailedAuthenticationLimiter(limit: 1, window: TimeSpan.FromMinutes(10), _clock);
        for (var i = 0; i < FailedAuthenticationLimiter.MaxTrackedClients; i++)
        {
            limiter.RecordFailure($"client-{i}");
        }

        limiter.RecordFailure("newcomer-1");

        limiter.RetryAfter("client-0").ShouldNotBeNull();
        limiter.RetryAfter("newcomer-2").ShouldNotBeNull("newcomers share the overflow entry while the table is full");
        _clock.Advance(TimeSpan.FromMinutes(10));
        limiter.RecordFailure("newcomer-3");
        limiter.RetryAfter("client-0").ShouldBeNull();
        limiter.RetryAfter("newcomer-3").ShouldNotBeNull();
        limiter.RetryAfter("newcomer-4").ShouldBeNull("expired entries were dropped, so newcomers have their own entries again");
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void IPv6Addresses_CountByTheirSlash64Network(string address, string client)
    {
        FailedAuthenticationLimiter.ClientOf(IPAddress.Parse(address)).ShouldBe(client);
    }
}
