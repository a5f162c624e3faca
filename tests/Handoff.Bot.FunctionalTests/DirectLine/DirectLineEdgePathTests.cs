using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>Issue 16's Direct Line edge paths: more than one page of activities, and a stream opened with a token for another conversation.</summary>
public sealed class DirectLineEdgePathTests(DirectLineHostFixture fixture) : IClassFixture<DirectLineHostFixture>
{
    private const int Messages = 105;

    private HttpClient Http => fixture.Host.Client;

    [Fact]
    public async Task MoreThanAPageOfActivities_IsReadWholeByWatermark_OnGetAndOnStreamReplay()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        var sent = Enumerable.Range(1, Messages).Select(i => $"page test {i}").ToList();
        foreach (var text in sent)
        {
            await user.PostMessageAsync(text, text);
        }

        var pages = new List<int>();
        var read = new List<JsonObject>();
        string? watermark = null;
        while (true)
        {
            var (activities, next) = await user.GetActivitiesAsync(watermark);
            if (activities.Count == 0)
            {
                break;
            }

            pages.Add(activities.Count);
            read.AddRange(activities);
            watermark = next;
        }

        await user.ConnectAsync(reconnectFromWatermark: "0", reconnect: true);
        await user.WaitForAsync(a => (string?)a["text"] == sent[^1]);

        pages.Count.ShouldBeGreaterThan(1);
        pages.ShouldAllBe(count => count <= 100);
        UserTexts(read).ShouldBe(sent);
        UserTexts(user.Received).ShouldBe(sent);
    }

    [Fact]
    public async Task StreamOpenedWithAnotherConversationsToken_IsRefused_WhileItsOwnOpens()
    {
        await using var alice = await DirectLineTestClient.StartUserAsync(Http);
        await using var mallory = await DirectLineTestClient.StartUserAsync(Http);
        var alicesStream = $"ws://{fixture.Host.BaseAddress.Authority}/v3/directline/conversations/{Uri.EscapeDataString(alice.ConversationId)}/stream?t={Uri.EscapeDataString(mallory.Token)}";

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Should.ThrowAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(alicesStream), TestContext.Current.CancellationToken));
        await mallory.ConnectAsync();

        socket.HttpStatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        await mallory.WaitForTextAsync("Type *agent*");
    }

    private static List<string> UserTexts(IEnumerable<JsonObject> activities) =>
        [.. activities
            .Where(a => (string?)a["type"] == "message" && (string?)a["from"]?["role"] == "user")
            .Select(a => (string?)a["text"])
            .OfType<string>()
            .Where(t => t.StartsWith("page test ", StringComparison.Ordinal))];
}
