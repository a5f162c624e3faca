using System.Net;
using System.Net.Http.Headers;
using Handoff.Domain.Audit;
using Handoff.Infrastructure.Channels.DirectLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Privacy;

/// <summary>Erasure through the management API, checked by reading every table and endpoint afterwards.</summary>
public sealed class ErasureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ErasingAConversation_RemovesItEverywhere_LeavesOneAuditRecordWithoutContent_AndSparesOtherUsers()
    {
        await using var host = await PrivacyHost.StartAsync();
        var erased = await host.StartChattingUserAsync("Erin Erased");
        var other = await host.StartChattingUserAsync("Olga Other");
        await host.SeedEarlierVersionMarkerAsync(erased, DateTimeOffset.UtcNow);
        var before = await host.FootprintAsync(erased);
        var otherBefore = await host.FootprintAsync(other);
        using (var read = await host.Management.GetAsync($"api/management/conversations/{erased.HandoffId}", Ct))
        {
            read.StatusCode.ShouldBe(HttpStatusCode.OK); // audited read: its record names the user
        }

        using var response = await host.Management.DeleteAsync($"api/management/conversations/{erased.HandoffId}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        before.ShouldSatisfyAllConditions(
            () => before.Conversations.ShouldBe(1),
            () => before.TranscriptEntries.ShouldBeGreaterThan(0),
            () => before.DirectLineActivities.ShouldBeGreaterThan(0),
            () => before.Uploads.ShouldBe(1),
            () => before.OutboxMessages.ShouldBeGreaterThan(0),
            () => before.ProcessedActivities.ShouldBe(1));
        var after = await host.FootprintAsync(erased);
        after.ShouldBe(new PrivacyHost.Footprint(0, 0, 0, 0, 0, 0, 0, AuditRecords: after.AuditRecords));

        using var management = await host.Management.GetAsync($"api/management/conversations/{erased.HandoffId}", Ct);
        management.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var activities = await DirectLineGetAsync(host, erased, $"/v3/directline/conversations/{erased.Client.ConversationId}/activities");
        activities.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var upload = await host.Host.Client.GetAsync(erased.UploadUrl, Ct);
        upload.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var audit = await host.ReadAsync(db => db.AuditRecords.Where(a => a.ConversationId == erased.HandoffId).ToListAsync());
        var record = audit.Where(a => a.Type == AuditType.ConversationErased).ShouldHaveSingleItem();
        record.Actor.ShouldStartWith("api-key:");
        audit.ShouldAllBe(a => !a.Details.Contains("Erin") && !a.Details.Contains("knee"));

        (await host.FootprintAsync(other)).ShouldBe(otherBefore);
        using var otherUpload = await host.Host.Client.GetAsync(other.UploadUrl, Ct);
        otherUpload.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ErasingAWaitingConversation_Is409AndErasesNothing_UnknownIs404_WithoutAKeyIs401()
    {
        await using var host = await PrivacyHost.StartAsync();
        var waiting = await host.StartWaitingUserAsync("Walt Waiting");
        var before = await host.FootprintAsync(waiting);

        using var refused = await host.Management.DeleteAsync($"api/management/conversations/{waiting.HandoffId}", Ct);
        using var unknown = await host.Management.DeleteAsync($"api/management/conversations/{Guid.NewGuid()}", Ct);
        using var anonymous = await host.Host.Client.DeleteAsync($"api/management/conversations/{waiting.HandoffId}", Ct);
        using var byUser = await host.Management.DeleteAsync($"api/management/users?channelId=directline&userId={waiting.Client.UserId}", Ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await host.ReadJsonAsync(refused))["code"]!.GetValue<string>().ShouldBe("conversation.still_active");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        byUser.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await host.FootprintAsync(waiting)).ShouldBe(before);
    }

    [Fact]
    public async Task ErasingAnEndUser_RemovesAllTheirConversations_AndTheirDirectLineConversationWithoutMessages()
    {
        await using var host = await PrivacyHost.StartAsync();
        var user = await host.StartChattingUserAsync("Una User");
        var other = await host.StartChattingUserAsync("Olga Other");

        // The same web chat user also has a Direct Line conversation that never got a message.
        await using (var scope = host.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectLineStore>().CreateConversationAsync(user.Client.UserId, "Una User", isAgent: false, Ct);
        }

        using var response = await host.Management.DeleteAsync($"api/management/users?channelId=directline&userId={Uri.EscapeDataString(user.Client.UserId)}", Ct);
        using var again = await host.Management.DeleteAsync($"api/management/users?channelId=directline&userId={Uri.EscapeDataString(user.Client.UserId)}", Ct);
        using var invalid = await host.Management.DeleteAsync("api/management/users?channelId=directline", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var body = await host.ReadJsonAsync(response);
        body["conversations"]!.AsArray().Select(n => n!.GetValue<Guid>()).ShouldBe([user.HandoffId]);
        var after = await host.FootprintAsync(user);
        after.ShouldBe(new PrivacyHost.Footprint(0, 0, 0, 0, 0, 0, 0, after.AuditRecords));
        (await host.ReadAsync(db => db.Set<DirectLineConversation>().CountAsync(c => c.UserId == user.Client.UserId))).ShouldBe(0);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await host.FootprintAsync(other)).Conversations.ShouldBe(1);
    }

    private static async Task<HttpResponseMessage> DirectLineGetAsync(PrivacyHost host, PrivacyHost.EndUser user, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Client.Token);
        return await host.Host.Client.SendAsync(request, Ct);
    }
}
