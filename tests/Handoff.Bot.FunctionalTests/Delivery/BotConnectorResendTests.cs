using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.Teams;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.TestSupport.BotConnector;

namespace Handoff.Bot.FunctionalTests.Delivery;

/// <summary>
/// ADR-035: every attempt of one outbox message carries the same delivery id to the Bot Connector too (in
/// <c>channelData</c>), so a receiver can drop a resend after a restart, a timeout or a failed attempt.
/// </summary>
public sealed class BotConnectorResendTests(DeliveryIsolationFixture fixture) : IClassFixture<DeliveryIsolationFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task SendCutByARestart_IsResent_WithTheSameDeliveryId()
    {
        var conversationId = $"webchat-conv-{Guid.NewGuid():N}";
        Connector.Hang(conversationId);

        await fixture.SendAsync(UserSays(conversationId, "hello"));
        var cut = await Connector.WaitForHeldAsync(r => r.ConversationId == conversationId);
        await fixture.RestartHostAsync();
        var resent = await Connector.WaitForHeldAsync(r => r.ConversationId == conversationId && r.Visible == cut.Visible, occurrence: 2);
        Connector.ReleaseHang(conversationId);
        await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Succeeded && r.Visible == cut.Visible);

        DeliveryId(cut).ShouldNotBeNullOrEmpty();
        DeliveryId(resent).ShouldBe(DeliveryId(cut));
    }

    [Fact]
    public async Task SendRetriedAfterAFailure_CarriesTheSameDeliveryId_AndOtherMessagesCarryTheirOwn()
    {
        var conversationId = $"webchat-conv-{Guid.NewGuid():N}";
        Connector.FailNext(conversationId, 503);

        await fixture.SendAsync(UserSays(conversationId, "hello"));
        var failed = await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Status == 503);
        var retried = await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Succeeded && r.Visible == failed.Visible);
        await fixture.SendAsync(UserSays(conversationId, "I want to talk to an agent"));
        var next = await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Succeeded && r.Visible != failed.Visible && r.IsSend);

        DeliveryId(retried).ShouldBe(DeliveryId(failed));
        DeliveryId(next).ShouldNotBeNullOrEmpty();
        DeliveryId(next).ShouldNotBe(DeliveryId(failed));
    }

    private static string? DeliveryId(ConnectorRequest request) =>
        request.Body.TryGetProperty("channelData", out var data) && data.ValueKind == JsonValueKind.Object &&
        data.TryGetProperty(BotFrameworkChannelSender.DeliveryIdProperty, out var id) ? id.GetString() : null;

    private JsonObject UserSays(string conversationId, string text) =>
        Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane Doe", conversationId, text);
}
