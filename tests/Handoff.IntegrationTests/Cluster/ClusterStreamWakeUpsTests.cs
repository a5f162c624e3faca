using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Cluster;

namespace Handoff.IntegrationTests.Cluster;

/// <summary>
/// Two instances' Direct Line wake-ups on one notification carrier (the in-process one stands for PostgreSQL's here;
/// <c>PostgresChangeNotificationsTests</c> covers the carrier): what one instance announces reaches the other's streams.
/// </summary>
public sealed class ClusterStreamWakeUpsTests
{
    [Fact]
    public async Task Notify_WhenAnotherInstanceAppended_WakesTheLocalStreamOnce()
    {
        var carrier = new InProcessChangeNotifications();
        using var a = new ClusterStreamWakeUps(new DirectLineStreamHub(), carrier);
        using var b = new ClusterStreamWakeUps(new DirectLineStreamHub(), carrier);
        using var onA = a.Subscribe("conversation-1");
        using var onB = b.Subscribe("conversation-1");

        b.Notify("conversation-1");

        (await onA.WaitAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await onB.WaitAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        onB.WaitAsync(TestContext.Current.CancellationToken).IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task Push_WhenSentOnAnotherInstance_ReachesTheLocalStreamExactlyOnce()
    {
        var carrier = new InProcessChangeNotifications();
        using var a = new ClusterStreamWakeUps(new DirectLineStreamHub(), carrier);
        using var b = new ClusterStreamWakeUps(new DirectLineStreamHub(), carrier);
        using var onA = a.Subscribe("conversation-1");
        using var onB = b.Subscribe("conversation-1");

        var taken = b.Push("conversation-1", """{"type":"typing"}""");

        taken.ShouldBe(1);
        (await onA.ReadPushedAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"type":"typing"}""");
        (await onB.ReadPushedAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"type":"typing"}""");
        onB.ReadPushedAsync(TestContext.Current.CancellationToken).IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task Resync_WhenNotificationsMayHaveBeenLost_WakesEveryOpenLocalStream()
    {
        var carrier = new InProcessChangeNotifications();
        using var a = new ClusterStreamWakeUps(new DirectLineStreamHub(), carrier);
        using var first = a.Subscribe("conversation-1");
        using var second = a.Subscribe("conversation-2");
        a.Subscribe("conversation-3").Dispose();

        carrier.Publish(ChangeTopics.DirectLineWakeUps, null);

        (await first.WaitAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await second.WaitAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
    }
}
