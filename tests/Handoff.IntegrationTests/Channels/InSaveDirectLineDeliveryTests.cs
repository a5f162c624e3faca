using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Handoff.IntegrationTests.Channels.StagedDirectLineDeliveryTests;

namespace Handoff.IntegrationTests.Channels;

/// <summary>
/// ADR-046: a message to the embedded Direct Line log is delivered by the save that enqueues it, when nothing of its
/// conversation waits before it: its row is written already delivered, and the dispatcher has nothing to do.
/// </summary>
public sealed class InSaveDirectLineDeliveryTests
{
    [Fact]
    public async Task MessagesToAWebChatConversation_AreDeliveredByTheSaveThatEnqueuesThem_InOrder()
    {
        await using var harness = await StartWithTheRealDirectLineSenderAsync();
        var conversation = await CreateConversationAsync(harness);

        await EnqueueAsync(harness, conversation, ["one", "two", "three"]);

        (await TextsAsync(harness, conversation)).ShouldBe(["one", "two", "three"]);
        var rows = await harness.ReadAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        rows.ShouldAllBe(r => r.DeliveredAt != null && r.DeadLetteredAt == null && r.Attempts == 1);
        rows.Select(r => r.ChannelActivityId).ShouldBe(await LogIdsAsync(harness, conversation));
        (await harness.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task MessagesBehindAPendingOne_WaitForTheDispatcher_AndArriveAfterIt()
    {
        await using var harness = await StartWithTheRealDirectLineSenderAsync();
        var conversation = await CreateConversationAsync(harness);
        await EnqueueAsync(harness, conversation, ["first"]);
        await EnqueueReplacementOfNothingAsync(harness, conversation);

        await EnqueueAsync(harness, conversation, ["behind it", "and behind that"]);

        (await TextsAsync(harness, conversation)).ShouldBe(["first"]);
        (await harness.ReadAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredAt == null))).ShouldBe(3);
        await harness.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        (await TextsAsync(harness, conversation)).ShouldBe(["first", "behind it", "and behind that"]);
        (await harness.ReadAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredAt == null))).ShouldBe(0);
    }

    [Fact]
    public async Task AMessageDiscardedByAConflictRetry_IsNotDelivered_AndItsRetryIsDeliveredOnce()
    {
        await using var harness = await StartWithTheRealDirectLineSenderAsync();
        var conversation = await CreateConversationAsync(harness);
        await using var scope = harness.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        // What ConcurrencyRetryBehavior does: the lost attempt's changes are discarded and the use case runs again.
        outbox.Enqueue(Message(conversation, "lost attempt"));
        unitOfWork.DiscardChanges();
        outbox.Enqueue(Message(conversation, "the retry"));
        await unitOfWork.SaveChangesAsync(CancellationToken.None);

        (await TextsAsync(harness, conversation)).ShouldBe(["the retry"]);
        (await harness.ReadAsync(db => db.OutboxMessages.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task AMessageToAConversationThatDoesNotExist_IsLeftToTheDispatcher()
    {
        await using var harness = await StartWithTheRealDirectLineSenderAsync();

        await EnqueueAsync(harness, "no-such-conversation", ["lost"]);

        (await harness.ReadAsync(db => db.OutboxMessages.SingleAsync())).IsPending.ShouldBeTrue();
    }

    private static OutboundMessage Message(string conversationId, string text) =>
        new(new ChannelAddress(DirectLineActivities.ChannelId, conversationId, "dl_agent"), text, []);

    private static Task<List<string>> TextsAsync(HandoffHarness harness, string conversationId) =>
        harness.ReadAsync(async db => (await db.Set<DirectLineActivity>().AsNoTracking()
                .Where(a => a.ConversationId == conversationId).OrderBy(a => a.Sequence).Select(a => a.Json).ToListAsync())
            .Select(json => System.Text.Json.Nodes.JsonNode.Parse(json)!["text"]!.GetValue<string>()).ToList());

    private static Task<List<string?>> LogIdsAsync(HandoffHarness harness, string conversationId) =>
        harness.ReadAsync(db => db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId).OrderBy(a => a.Sequence).Select(a => (string?)a.ActivityId).ToListAsync());
}
