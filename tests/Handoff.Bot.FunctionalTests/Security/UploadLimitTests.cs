using System.Net;
using System.Net.Http.Headers;
using Handoff.Bot.FunctionalTests.DirectLine;

namespace Handoff.Bot.FunctionalTests.Security;

/// <summary>Issue 12 item 7, at the configured limit and one past it (<c>DirectLine:MaxUploadBytes</c>).</summary>
public sealed class UploadLimitTests(DirectLineHostFixture fixture) : IClassFixture<DirectLineHostFixture>
{
    [Fact]
    public async Task Upload_AtAndOnePastMaxUploadBytes_IsAcceptedThenRefused()
    {
        await using var user = await DirectLineTestClient.StartUserAsync(fixture.Host.Client);

        using var atTheLimit = await UploadAsync(user, DirectLineHostFixture.MaxUploadBytes);
        using var onePast = await UploadAsync(user, DirectLineHostFixture.MaxUploadBytes + 1);

        atTheLimit.StatusCode.ShouldBe(HttpStatusCode.OK);
        onePast.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    private static async Task<HttpResponseMessage> UploadAsync(DirectLineTestClient user, int bytes)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(new byte[bytes]);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Add(file, "file", "notes.txt");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/upload?userId={user.UserId}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return await user.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
