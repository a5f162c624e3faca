using Handoff.Application.Common.Settings;
using Handoff.Infrastructure.Outbox;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>
/// The hosted dispatcher starts no pass for rows added to a conversation it is delivering: that turn's end wakes it.
/// These tests set a poll interval of an hour, so only a wake-up can deliver anything.
/// </summary>
public sealed class OutboxWakeUpTests
{
    [Fact]
    public async Task RowsAddedWhileTheirConversationIsInFlight_AreDeliveredWhenItsTurnEnds()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings(("Outbox:PollInterval", "01:00:00")));
        var people = new People(harness);
        var service = harness.Services.GetServices<IHostedService>().OfType<OutboxDispatcherService>().Single();
        var release = harness.Sender.Hold("conv-jane");
        await service.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await people.User("jane", "hello");
            await harness.Sender.WhenHeldAsync("conv-jane");
            harness.Services.GetRequiredService<OutboxDispatcher>().IsInFlight(People.UserAddress("jane").Key).ShouldBeTrue();

            await people.User("jane", "help");
            await people.User("john", "hello");
            await harness.Sender.WaitForAsync(d => d.Message.To.ConversationId == "conv-john");
            release();

            // The reply to "help" was committed while Jane's turn hung; only that turn's end can have woken its delivery.
            var help = Words.Default(nameof(HandoffMessages.AskForAgentHelpLine));
            await harness.Sender.WaitForAsync(d => d.Message.To.ConversationId == "conv-jane" && d.Message.Text?.Contains(help, StringComparison.Ordinal) == true);
            var janes = harness.Sender.To("conv-jane").Select(d => d.Message.Text ?? string.Empty).ToList();
            janes.Count.ShouldBe(2);
            janes[0].ShouldBe(Words.Default(nameof(HandoffMessages.Welcome)));
            janes[1].ShouldStartWith(help);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
