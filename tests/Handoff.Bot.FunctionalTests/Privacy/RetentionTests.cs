using Handoff.Application.Privacy;
using Handoff.Application.Privacy.ApplyRetention;
using Handoff.Infrastructure.Channels;
using Handoff.TestSupport;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Privacy;

/// <summary>Retention on a fake clock: each kind of data is kept until just before its limit and removed just after it; a waiting conversation's data is never removed.</summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task EachKindOfData_IsKeptUpToItsLimit_AndRemovedPastIt_ExceptAWaitingConversationsAndUndeliveredMessages()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        await using var host = await PrivacyHost.StartAsync(clock, options =>
        {
            options.Settings["Retention:ProcessedActivities"] = "01:00:00";
            options.Settings["Retention:DeliveredOutbox"] = "1.00:00:00";
            options.Settings["Retention:DirectLineActivities"] = "3.00:00:00";
            options.Settings["Retention:Uploads"] = "5.00:00:00";
            options.Settings["Retention:Transcripts"] = "10.00:00:00";
            options.Settings["Retention:AuditRecords"] = "20.00:00:00";
        });
        var start = clock.GetUtcNow();
        var chatting = await host.StartChattingUserAsync("Rita Retained");
        await host.SeedEarlierVersionMarkerAsync(chatting, start);
        var waiting = await host.StartWaitingUserAsync("Walt Waiting");
        var waitingAtStart = await host.FootprintAsync(waiting);
        var atStart = await host.FootprintAsync(chatting);

        async Task<PrivacyHost.Footprint> At(TimeSpan sinceStart)
        {
            clock.SetUtcNow(start + sinceStart);
            await ApplyRetentionAsync(host);
            return await host.FootprintAsync(chatting);
        }

        atStart.ProcessedActivities.ShouldBe(1);
        (await At(TimeSpan.FromHours(1) - Minute)).ShouldBe(atStart);
        (await At(TimeSpan.FromHours(1) + Minute)).ShouldBe(atStart with { ProcessedActivities = 0 });
        (await At(TimeSpan.FromDays(1) - Minute)).OutboxMessages.ShouldBe(atStart.OutboxMessages);
        (await At(TimeSpan.FromDays(1) + Minute)).OutboxMessages.ShouldBe(0);
        (await At(TimeSpan.FromDays(3) - Minute)).DirectLineActivities.ShouldBe(atStart.DirectLineActivities);
        var pastActivities = await At(TimeSpan.FromDays(3) + Minute);
        pastActivities.DirectLineActivities.ShouldBe(0);
        pastActivities.DirectLineConversations.ShouldBe(1, "its upload is still kept");
        (await At(TimeSpan.FromDays(5) - Minute)).Uploads.ShouldBe(1);
        var pastUploads = await At(TimeSpan.FromDays(5) + Minute);
        pastUploads.Uploads.ShouldBe(0);
        pastUploads.DirectLineConversations.ShouldBe(0);
        (await At(TimeSpan.FromDays(10) - Minute)).ShouldBe(new PrivacyHost.Footprint(1, atStart.TranscriptEntries, 0, 0, 0, 0, 0, atStart.AuditRecords));
        (await At(TimeSpan.FromDays(10) + Minute)).ShouldBe(new PrivacyHost.Footprint(0, 0, 0, 0, 0, 0, 0, atStart.AuditRecords));

        // The waiting user's transcript, Direct Line log and conversation outlive every limit but the audit one.
        var waitingAfter = await host.FootprintAsync(waiting);
        waitingAfter.Conversations.ShouldBe(1);
        waitingAfter.TranscriptEntries.ShouldBeGreaterThanOrEqualTo(waitingAtStart.TranscriptEntries);
        waitingAfter.DirectLineActivities.ShouldBeGreaterThanOrEqualTo(waitingAtStart.DirectLineActivities);
        waitingAfter.DirectLineConversations.ShouldBe(1);

        var auditAtStart = waitingAtStart.AuditRecords;
        auditAtStart.ShouldBeGreaterThan(0);
        (await At(TimeSpan.FromDays(20) - Minute)).ShouldNotBeNull();
        (await host.ReadAsync(db => db.AuditRecords.CountAsync(a => a.At <= start + TimeSpan.FromMinutes(5)))).ShouldBeGreaterThanOrEqualTo(auditAtStart);
        await At(TimeSpan.FromDays(20) + TimeSpan.FromMinutes(10));
        (await host.ReadAsync(db => db.AuditRecords.CountAsync(a => a.At <= start + TimeSpan.FromMinutes(5)))).ShouldBe(0);
    }

    [Fact]
    public async Task UndeliveredOutboxMessages_AreNeverRemoved()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        var sender = new RecordingChannelSender();
        await using var host = await PrivacyHost.StartAsync(clock, options =>
        {
            options.Services.Add(services => services.ReplaceChannelSender(sender, ChannelSenders.BotConnector));
            // The send must still be in flight when retention runs: its timeout (on the same clock) outlasts the jump.
            options.Settings["Outbox:SendTimeout"] = "30.00:00:00";
            options.Settings["Retention:DeliveredOutbox"] = "1.00:00:00";
        });
        // The channel never answers: the message stays undelivered (in flight) for as long as the test looks.
        var release = sender.Hold("never-answers");
        await using (var scope = host.Host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Handoff.Application.Common.Messaging.IOutbox>().Enqueue(
                Handoff.Application.Common.Messaging.OutboundMessage.PlainText(new Handoff.Domain.Common.ChannelAddress("msteams", "never-answers", "u1", ServiceUrl: "https://smba.trafficmanager.net/teams/"), "still to deliver"));
            await scope.ServiceProvider.GetRequiredService<Handoff.Infrastructure.Persistence.HandoffDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        clock.Advance(TimeSpan.FromDays(2));
        await ApplyRetentionAsync(host);

        var undelivered = await host.ReadAsync(db => db.OutboxMessages.CountAsync(m => m.OrderingKey == "msteams:never-answers" && m.DeliveredAt == null && m.DeadLetteredAt == null));
        release();

        undelivered.ShouldBe(1);
    }

    [Theory]
    [InlineData("Retention:Transcripts", "00:00:00")]
    [InlineData("Retention:DeliveredOutbox", "01:00:00")]
    [InlineData("Retention:ProcessedActivities", "00:10:00")]
    [InlineData("Retention:AuditRecords", "1.00:00:00")]
    [InlineData("Retention:Interval", "-00:01:00")]
    public async Task Start_WithAnInvalidRetentionSetting_IsRefusedNamingTheKey(string key, string value)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => TestHost.StartAsync(options => options.Settings[key] = value));

        error.Message.ShouldContain(key);
    }

    [Fact]
    public void Defaults_KeepAuditRecordsLongest()
    {
        var defaults = new RetentionOptions();

        defaults.AuditRecords.ShouldBeGreaterThan(defaults.Transcripts);
        defaults.Transcripts.ShouldBe(TimeSpan.FromDays(90));
    }

    private static async Task ApplyRetentionAsync(PrivacyHost host)
    {
        await using var scope = host.Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ApplyRetentionCommand(), TestContext.Current.CancellationToken);
    }
}
