using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.Infrastructure.Outbox;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Privacy;

/// <summary>
/// The real product on Kestrel with the embedded Direct Line channel delivering for real, a management key, and
/// optionally a fake clock; reads every table that can hold an end user's data.
/// </summary>
public sealed class PrivacyHost : IAsyncDisposable
{
    public const string ManagementKey = "privacy-management-key-0123456789";

    private PrivacyHost(TestHost host, FakeTimeProvider? clock)
    {
        Host = host;
        Clock = clock;
        Management = new HttpClient { BaseAddress = host.BaseAddress };
        Management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ManagementKey);
    }

    public TestHost Host { get; }

    public FakeTimeProvider? Clock { get; }

    public HttpClient Management { get; }

    public static async Task<PrivacyHost> StartAsync(FakeTimeProvider? clock = null, Action<TestHostOptions>? configure = null)
    {
        var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Management:ApiKeys:0"] = ManagementKey;
            options.Settings["DirectLine:TokenRequestsPerMinute"] = "1000";

            // Nobody leaves the queue on their own while the clock jumps forward by days.
            options.Settings["Handoff:Timeouts:Queue"] = "1000.00:00:00";
            if (clock is not null)
            {
                options.Services.Add(services => services.AddSingleton<TimeProvider>(clock));
            }

            configure?.Invoke(options);
        });
        return new PrivacyHost(host, clock);
    }

    /// <summary>An end user on the web chat who says something to the bot and uploads a file with a message.</summary>
    public async Task<EndUser> StartChattingUserAsync(string name)
    {
        var user = await DirectLineTestClient.StartUserAsync(Host.Client, name);
        await user.ConnectAsync();
        await user.PostMessageAsync("my knee still hurts after the operation", "m-" + Guid.NewGuid().ToString("N"));
        await user.WaitForTextAsync("didn't get that");

        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        upload.Add(file, "file", "scan.png");
        var activity = new StringContent("""{"type":"message","text":"my scan","channelData":{"clientActivityID":"up-1"}}""");
        activity.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        upload.Add(activity, "activity", "blob");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{user.ConversationId}/upload?userId={user.UserId}") { Content = upload };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var uploaded = await Host.Client.SendAsync(request);
        uploaded.IsSuccessStatusCode.ShouldBeTrue(await uploaded.Content.ReadAsStringAsync());
        var echo = await user.WaitForAsync(a => (string?)a["channelData"]?["clientActivityID"] == "up-1");
        var uploadUrl = (string)echo["attachments"]![0]!["contentUrl"]!;

        await DeliverEverythingAsync();
        var id = await ReadAsync(db => db.Conversations.Where(c => c.Address.ConversationId == user.ConversationId).Select(c => c.Id).SingleAsync());
        return new EndUser(user, id.Value, uploadUrl);
    }

    /// <summary>An end user who asks for an agent (none is online, so they stay waiting).</summary>
    public async Task<EndUser> StartWaitingUserAsync(string name)
    {
        var user = await DirectLineTestClient.StartUserAsync(Host.Client, name);
        await user.ConnectAsync();
        await user.PostMessageAsync("agent", "w-" + Guid.NewGuid().ToString("N"));
        await user.WaitForTextAsync("queue");
        await DeliverEverythingAsync();
        var id = await ReadAsync(db => db.Conversations.Where(c => c.Address.ConversationId == user.ConversationId).Select(c => c.Id).SingleAsync());
        (await ReadAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.State).SingleAsync())).ShouldBe(ConversationState.Waiting);
        return new EndUser(user, id.Value, null);
    }

    /// <summary>
    /// Waits for the deliveries the background loop has in flight (a conversation it holds is skipped by a pass of
    /// ours) and delivers what is still due, so no message is left half-delivered when a test looks at the tables.
    /// </summary>
    public async Task DeliverEverythingAsync()
    {
        var dispatcher = Host.Services.GetRequiredService<OutboxDispatcher>();
        int attempted;
        do
        {
            await dispatcher.WhenInFlightEndedAsync();
            attempted = await dispatcher.DispatchDueAsync(CancellationToken.None);
        }
        while (attempted > 0);
        await dispatcher.WhenInFlightEndedAsync();
    }

    public async Task<T> ReadAsync<T>(Func<HandoffDbContext, Task<T>> read)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<HandoffDbContext>());
    }

    /// <summary>
    /// A processed marker of one of <paramref name="user"/>'s activities, as versions before issue 11 wrote for every
    /// Direct Line message (they no longer do): retention and erasure must still remove the ones a database kept.
    /// </summary>
    public Task SeedEarlierVersionMarkerAsync(EndUser user, DateTimeOffset processedAt) => ReadAsync(db =>
    {
        db.ProcessedActivities.Add(new ProcessedActivity { ChannelId = DirectLineActivities.ChannelId, ActivityId = $"{user.Client.ConversationId}|in-0123456789abcdef", ProcessedAt = processedAt });
        return db.SaveChangesAsync();
    });

    /// <summary>Every row, in every table, that belongs to this end user's conversation.</summary>
    public Task<Footprint> FootprintAsync(EndUser user) => ReadAsync(async db =>
    {
        var id = new ConversationId(user.HandoffId);
        var dl = user.Client.ConversationId;
        var key = $"{DirectLineActivities.ChannelId}:{dl}";
        return new Footprint(
            Conversations: await db.Conversations.CountAsync(c => c.Id == id),
            TranscriptEntries: await db.TranscriptEntries.CountAsync(e => e.ConversationId == id),
            DirectLineConversations: await db.Set<DirectLineConversation>().CountAsync(c => c.Id == dl),
            DirectLineActivities: await db.Set<DirectLineActivity>().CountAsync(a => a.ConversationId == dl),
            Uploads: await db.Set<DirectLineUpload>().CountAsync(u => u.ConversationId == dl),
            OutboxMessages: await db.OutboxMessages.CountAsync(m => m.OrderingKey == key),
            ProcessedActivities: await db.ProcessedActivities.CountAsync(p => p.ActivityId.StartsWith(dl + "|")),
            AuditRecords: await db.AuditRecords.CountAsync(a => a.ConversationId == user.HandoffId));
    });

    public async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public async ValueTask DisposeAsync()
    {
        Management.Dispose();
        await Host.DisposeAsync();
    }

    public sealed record EndUser(DirectLineTestClient Client, Guid HandoffId, string? UploadUrl);

    public sealed record Footprint(int Conversations, int TranscriptEntries, int DirectLineConversations, int DirectLineActivities, int Uploads, int OutboxMessages, int ProcessedActivities, int AuditRecords);
}
