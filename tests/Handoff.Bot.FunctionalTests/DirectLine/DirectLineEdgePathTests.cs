using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Handoff.Domain.Conversations;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>
/// Issue 16's Direct Line edge paths: more than one page of activities, a stream opened with a token for another
/// conversation, text at and past the length limit, and the safety headers on a downloaded attachment.
/// </summary>
public sealed class DirectLineEdgePathTests(DirectLineHostFixture fixture) : IClassFixture<DirectLineHostFixture>
{
    private const int Messages = 105;

    private HttpClient Http => fixture.Host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    [Fact]
    public async Task MessageAtTheLengthLimit_IsAccepted_AndOnePastIsRefusedWithNothingStored()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        var atLimit = new string('a', TranscriptEntry.MaxTextLength);
        var pastLimit = new string('b', TranscriptEntry.MaxTextLength + 1);

        var acceptedId = await user.PostMessageAsync(atLimit, "at-limit");
        using var refused = await user.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/activities", new JsonObject
        {
            ["type"] = "message",
            ["text"] = pastLimit,
            ["from"] = new JsonObject { ["id"] = user.UserId, ["role"] = "user" },
        });
        var error = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["error"]!;
        var (stored, _) = await user.GetActivitiesAsync();

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ((string?)error["code"]).ShouldBe("BadArgument");
        ((string?)error["message"]).ShouldNotBeNullOrWhiteSpace();
        stored.ShouldContain(a => (string?)a["id"] == acceptedId && (string?)a["text"] == atLimit);
        stored.ShouldNotContain(a => ((string?)a["text"] ?? string.Empty).StartsWith('b'));
    }

    [Theory]
    [InlineData("image/png", "photo.png", false)]
    [InlineData("application/pdf", "report.pdf", true)]
    [InlineData("text/plain", "notes.txt", true)]
    public async Task DownloadedAttachment_CarriesTheSafetyHeaders_AndOnlyImagesAreShownInline(string contentType, string name, bool asAttachment)
    {
        await using var user = await DirectLineTestClient.StartUserAsync(Http);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("<script>alert(1)</script>"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name);
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/upload?userId={user.UserId}") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var uploaded = await Http.SendAsync(upload, Ct);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(Ct));
        var (activities, _) = await user.GetActivitiesAsync();
        var url = (string)activities.Last(a => a["attachments"] is JsonArray).AsObject()["attachments"]![0]!["contentUrl"]!;

        // As a browser fetches an image or a link: no token, the unguessable URL is the capability.
        using var download = await Http.GetAsync(new Uri(url).PathAndQuery, Ct);

        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var policy = download.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        policy.ShouldContain("sandbox");
        policy.ShouldContain("default-src 'none'");
        if (asAttachment)
        {
            download.Content.Headers.ContentDisposition.ShouldNotBeNull().DispositionType.ShouldBe("attachment");
            download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe(name);
        }
        else
        {
            (download.Content.Headers.ContentDisposition?.DispositionType ?? "inline").ShouldBe("inline");
        }
    }

    private static List<string> UserTexts(IEnumerable<JsonObject> activities) =>
        [.. activities
            .Where(a => (string?)a["type"] == "message" && (string?)a["from"]?["role"] == "user")
            .Select(a => (string?)a["text"])
            .OfType<string>()
            .Where(t => t.StartsWith("page test ", StringComparison.Ordinal))];
}
