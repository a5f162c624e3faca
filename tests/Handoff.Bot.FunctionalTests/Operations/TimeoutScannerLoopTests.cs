using Handoff.Application.Common.Settings;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Operations;

/// <summary>
/// The timeout scanner as it runs in production: the hosted loop (not a test calling the use case), on the real host,
/// waiting on the product's clock. Only the clock is faked; the test advances it and waits for what the user is told.
/// </summary>
public sealed class TimeoutScannerLoopTests
{
    [Fact]
    public async Task QueueTimeout_WhenTheFakeClockPassesIt_HostedScannerSendsTheUserBackToTheBot()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Handoff:Timeouts:Queue"] = "00:10:00";
            options.Settings["Handoff:Timeouts:ScanInterval"] = "00:00:15";
            options.Services.Add(services => services.AddSingleton<TimeProvider>(clock));
        });
        await using var user = await DirectLineTestClient.StartUserAsync(host.Client, "Jane Doe");
        await user.ConnectAsync();
        await user.WaitForTextAsync("Hi! I'm the assistant");
        await user.PostMessageAsync("agent", "ask-for-agent");
        await user.WaitForTextAsync("number 1 in the queue");

        // Past the queue timeout and the scan interval: only the hosted loop, waking on this clock, can act on it.
        clock.Advance(TimeSpan.FromMinutes(11));

        await user.WaitForTextAsync(Words.Default(nameof(HandoffMessages.QueueTimeout)));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        (await db.Conversations.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).State.ShouldBe(ConversationState.Bot);
        (await db.AuditRecords.CountAsync(a => a.Type == AuditType.HandoffTimedOut, TestContext.Current.CancellationToken)).ShouldBe(1);
    }
}
