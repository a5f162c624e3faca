using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Channels;

/// <summary>
/// ADR-042: the outbox stages deliveries to the embedded Direct Line log in the save that records them. A turn of many
/// messages is one save (one write turn), appended in order, each row delivered with the id it got in the log; a
/// conversation that no longer exists dead-letters its rows in that same save.
/// </summary>
public sealed class StagedDirectLineDeliveryTests
{
    [Fact]
    public async Task ATurnOfMessagesToOneWebChatConversation_IsOneSave_AppendedInOrderWithTheirLogIds()
    {
        await using var harness = await StartWithTheRealDirectLineSenderAsync();
        var conversation = await CreateConversationAsync(harness);
        await EnqueueAsync(harness, conversation, ["one", "two", "three", "four", "five"]);
        var before = harness.Logs.Lines.Count;

        await harness.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        harness.Logs.Lines.Skip(before).Count(IsSave).ShouldBe(1);
        var log = await harness.ReadAsync(db => db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversation).OrderBy(a => a.Sequence).ToListAsync());
        log.Select(a => System.Text.Json.Nodes.JsonNode.Parse(a.Json)!["text"]!.GetValue<string>()).ShouldBe(["one", "two", "three", "four", "five"]);
        var rows = await harness.ReadAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        rows.ShouldAllBe(r => r.DeliveredAt != null && r.DeadLetteredAt == null && r.Attempts == 1);
        rows.Select(r => r.ChannelActivityId).ShouldBe(log.Select(a => (string?)a.ActivityId));
    }

    [Fact]
    public async Task MessagesToAConversationThatNoLongerExists_AreDeadLetteredInTheSameSave()
    {
        await using var harness = await StartWithTheRealDirectLineSenderAsync();
        await EnqueueAsync(harness, "erased-conversation", ["one", "two"]);
        var before = harness.Logs.Lines.Count;

        await harness.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        var rows = await harness.ReadAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        rows.ShouldAllBe(r => r.DeadLetteredAt != null && r.DeliveredAt == null && r.LastError!.Contains("Unknown Direct Line conversation"));
        harness.Logs.Lines.Skip(before).Count(l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains("was not delivered", StringComparison.Ordinal)).ShouldBe(2);
        harness.Logs.Lines.Skip(before).ShouldNotContain(l => l.StartsWith("Error ", StringComparison.Ordinal));
    }

    private static bool IsSave(string line) =>
        line.Contains("SaveChanges completed for '", StringComparison.Ordinal) && line.Contains("HandoffDbContext'", StringComparison.Ordinal);

    /// <summary>The harness records sends to Direct Line by default; these tests deliver to the real log.</summary>
    private static Task<HandoffHarness> StartWithTheRealDirectLineSenderAsync() =>
        HandoffHarness.StartAsync(services: services =>
        {
            foreach (var recording in services.Where(d => d.IsKeyedService && d.ServiceType == typeof(IChannelSender) && Equals(d.ServiceKey, DirectLineActivities.ChannelId)).ToList())
            {
                services.Remove(recording);
            }

            services.AddKeyedSingleton<IChannelSender>(DirectLineActivities.ChannelId, (provider, _) => provider.GetRequiredService<DirectLineChannelSender>());
        });

    private static async Task<string> CreateConversationAsync(HandoffHarness harness)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<DirectLineStore>().CreateConversationAsync("dl_agent", "Agent", isAgent: true, CancellationToken.None);
        return created.Id;
    }

    private static async Task EnqueueAsync(HandoffHarness harness, string conversationId, IReadOnlyList<string> texts)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        foreach (var text in texts)
        {
            outbox.Enqueue(new OutboundMessage(new ChannelAddress(DirectLineActivities.ChannelId, conversationId, "dl_agent"), text, []));
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
    }
}
