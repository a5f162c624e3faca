using Handoff.Infrastructure.Cluster;
using Handoff.Infrastructure.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Handoff.Bot.FunctionalTests.Scaling;

/// <summary>
/// The leases every shared decision rests on (ADR-039), on both providers and on the fake clock: acquire, refuse, expire,
/// take over, renew, release, and a race of many holders of which exactly one wins.
/// </summary>
public sealed class LeaseTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task Lease_WhileHeld_IsRefusedToAnotherHolderButExtendedForItsOwn(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var leases = on.Harness.Services.GetRequiredService<ILeases>();

        (await leases.TryAcquireAsync("duty", "a", Duration, Cancellation)).ShouldBeTrue();
        on.Harness.Clock.Advance(Duration - TimeSpan.FromSeconds(1));

        (await leases.TryAcquireAsync("duty", "b", Duration, Cancellation)).ShouldBeFalse();
        (await leases.TryAcquireAsync("duty", "a", Duration, Cancellation)).ShouldBeTrue();
        on.Harness.Clock.Advance(TimeSpan.FromSeconds(2));
        (await leases.TryAcquireAsync("duty", "b", Duration, Cancellation)).ShouldBeFalse();
        (await leases.HeldAsync("du", Cancellation)).ShouldBe(["duty"]);
    }

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task Lease_AfterItExpires_IsTakenOverAndItsOldHolderCannotRenewIt(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var leases = on.Harness.Services.GetRequiredService<ILeases>();
        (await leases.TryAcquireAsync("duty", "dead", Duration, Cancellation)).ShouldBeTrue();

        on.Harness.Clock.Advance(Duration);

        (await leases.HeldAsync("duty", Cancellation)).ShouldBeEmpty();
        (await leases.TryAcquireAsync("duty", "alive", Duration, Cancellation)).ShouldBeTrue();
        (await leases.RenewAsync("duty", "dead", Duration, Cancellation)).ShouldBeFalse();
        await leases.ReleaseAsync("duty", "dead", Cancellation);
        (await leases.TryAcquireAsync("duty", "dead", Duration, Cancellation)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task Lease_WhenRenewedOrReleased_OutlivesItsDurationOrIsFreeAtOnce(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var leases = on.Harness.Services.GetRequiredService<ILeases>();
        (await leases.TryAcquireAsync("duty", "a", Duration, Cancellation)).ShouldBeTrue();

        on.Harness.Clock.Advance(Duration / 2);
        (await leases.RenewAsync("duty", "a", Duration, Cancellation)).ShouldBeTrue();
        on.Harness.Clock.Advance(Duration / 2 + TimeSpan.FromSeconds(1));
        (await leases.TryAcquireAsync("duty", "b", Duration, Cancellation)).ShouldBeFalse();

        await leases.ReleaseAsync("duty", "a", Cancellation);
        (await leases.TryAcquireAsync("duty", "b", Duration, Cancellation)).ShouldBeTrue();
    }

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task TwentyHolders_RacingForOneFreeOrExpiredLease_ExactlyOneWinsEachTime(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var leases = on.Harness.Services.GetRequiredService<ILeases>();

        for (var round = 0; round < 3; round++)
        {
            var won = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => leases.TryAcquireAsync("duty", $"holder-{round}-{i}", Duration, Cancellation))));

            won.Count(w => w).ShouldBe(1);
            on.Harness.Clock.Advance(Duration);
        }
    }

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task OutboxClaims_OfAnInstanceThatDied_AreTakenOverOnceTheLeaseExpires(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var services = on.Harness.Services;
        var leases = services.GetRequiredService<ILeases>();
        var options = Options.Create(new OutboxOptions { ClaimLease = Duration });
        var alive = new LeasedOutboxConversationClaims(leases, new ClusterInstance("alive"), options, on.Harness.Clock, NullLogger<LeasedOutboxConversationClaims>.Instance);
        (await leases.TryAcquireAsync(LeasedOutboxConversationClaims.LeasePrefix + "conversation-1", "dead", Duration, Cancellation)).ShouldBeTrue();

        (await alive.TryClaimAsync("conversation-1", Cancellation)).ShouldBeNull();
        (await alive.ClaimedAsync(Cancellation)).ShouldBe(["conversation-1"]);

        on.Harness.Clock.Advance(Duration);
        (await alive.ClaimedAsync(Cancellation)).ShouldBeEmpty();
        await using var claim = await alive.TryClaimAsync("conversation-1", Cancellation);
        claim.ShouldNotBeNull();
        (await alive.TryClaimAsync("conversation-1", Cancellation)).ShouldBeNull();
        (await leases.TryAcquireAsync(LeasedOutboxConversationClaims.LeasePrefix + "conversation-1", "dead", Duration, Cancellation)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task OutboxClaim_TakenOverWhileHeld_IsLostAtItsNextRenewal(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var leases = on.Harness.Services.GetRequiredService<ILeases>();
        var options = Options.Create(new OutboxOptions { ClaimLease = Duration });
        var claims = new LeasedOutboxConversationClaims(leases, new ClusterInstance("stalled"), options, on.Harness.Clock, NullLogger<LeasedOutboxConversationClaims>.Instance);
        await using var claim = await claims.TryClaimAsync("conversation-1", Cancellation);
        claim.ShouldNotBeNull();

        // Someone else holds the lease now (as after this instance stalled past its expiry).
        await leases.ReleaseAsync(LeasedOutboxConversationClaims.LeasePrefix + "conversation-1", "stalled", Cancellation);
        (await leases.TryAcquireAsync(LeasedOutboxConversationClaims.LeasePrefix + "conversation-1", "other", Duration, Cancellation)).ShouldBeTrue();
        var lost = new TaskCompletionSource();
        using var registration = claim.Lost.Register(() => lost.TrySetResult());
        on.Harness.Clock.Advance(Duration / 3);

        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        claim.Lost.IsCancellationRequested.ShouldBeTrue();
    }
}
