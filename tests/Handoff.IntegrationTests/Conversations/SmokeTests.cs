using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Domain.Common;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Conversations;

public sealed class SmokeTests
{
    [Fact]
    public async Task UserAsksForAgent_WhenNobodyOnline_IsQueuedAndTold()
    {
        await using var harness = await HandoffHarness.StartAsync();
        var address = new ChannelAddress("webchat", "conv-1", "dl_user1");

        var result = await harness.SendAsync(new HandleIncomingMessageCommand(address, new Sender("dl_user1", "Jane Doe"), "I want an agent", null, [], "a1"));
        var delivered = await harness.DeliverAsync();

        result.IsSuccess.ShouldBeTrue(result.Error.Message);
        delivered.ShouldHaveSingleItem().Message.Attachments.ShouldHaveSingleItem().ContentJson!.ShouldContain("number 1 in the queue");
    }
}
