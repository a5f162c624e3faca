using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>
/// A Direct Line client speaking the wire protocol as DirectLineJS does: REST calls with a bearer token and a
/// WebSocket stream whose frames are collected so tests can wait for what they expect.
/// </summary>
public sealed class DirectLineTestClient : IAsyncDisposable
{
    private readonly List<JsonObject> _received = [];
    private readonly List<(Func<JsonObject, bool> Predicate, TaskCompletionSource<JsonObject> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _emptyFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientWebSocket? _socket;
    private Task? _receiving;

    private DirectLineTestClient(HttpClient http, string conversationId, string token, string userId)
    {
        Http = http;
        ConversationId = conversationId;
        Token = token;
        UserId = userId;
    }

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public HttpClient Http { get; set; }

    public string ConversationId { get; }

    public string Token { get; set; }

    public string UserId { get; }

    public string? StreamUrl { get; private set; }

    /// <summary>How the server closed the last stream (null while open, or when the connection just broke).</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The last non-null watermark seen on the stream.</summary>
    public string? Watermark { get; private set; }

    public IReadOnlyList<JsonObject> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Gets a token from the end-user page endpoint and starts the conversation (201).</summary>
    public static async Task<DirectLineTestClient> StartUserAsync(HttpClient http, string? name = null)
    {
        var issued = await http.PostAsJsonAsync("/api/webchat/token", new { name });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await StartAsync(http, (await issued.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    /// <summary>As <see cref="StartUserAsync(HttpClient, string?)"/>, telling <paramref name="beforeStart"/> the conversation id before the start (and its greeting).</summary>
    public static async Task<DirectLineTestClient> StartUserAsync(HttpClient http, string? name, Action<string> beforeStart)
    {
        var issued = await http.PostAsJsonAsync("/api/webchat/token", new { name });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await issued.Content.ReadFromJsonAsync<JsonObject>())!;
        beforeStart((string)body["conversationId"]!);
        return await StartAsync(http, body);
    }

    public static async Task<DirectLineTestClient> StartAgentAsync(HttpClient http, string name, string key)
    {
        var issued = await http.PostAsJsonAsync("/api/agent/token", new { name, key });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await StartAsync(http, (await issued.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static async Task<DirectLineTestClient> StartAsync(HttpClient http, JsonObject issued)
    {
        var client = new DirectLineTestClient(http, (string)issued["conversationId"]!, (string)issued["token"]!, (string)issued["userId"]!);
        using var started = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", new JsonObject { ["user"] = new JsonObject { ["id"] = "someone-else" } });
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)body["conversationId"]!).ShouldBe(client.ConversationId);
        client.StreamUrl = (string)body["streamUrl"]!;
        return client;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Posts a message as Web Chat does (with a <c>clientActivityID</c>); returns the server's activity id.</summary>
    public async Task<string> PostMessageAsync(string text, string clientActivityId, JsonObject? extra = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JsonObject { ["id"] = UserId, ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
        };
        foreach (var (key, value) in extra ?? [])
        {
            activity[key] = value?.DeepClone();
        }

        using var response = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities", activity);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    public async Task<(List<JsonObject> Activities, string Watermark)> GetActivitiesAsync(string? watermark = null)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities" + (watermark is null ? "" : $"?watermark={watermark}"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ([.. body["activities"]!.AsArray().Select(a => a!.AsObject())], (string)body["watermark"]!);
    }

    /// <summary>Opens the stream: the start's URL, or after a reconnect (<c>GET /conversations/{id}?watermark=</c>) a fresh one.</summary>
    public async Task ConnectAsync(string? reconnectFromWatermark = null, bool reconnect = false)
    {
        if (reconnect)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}" + (reconnectFromWatermark is null ? "" : $"?watermark={reconnectFromWatermark}"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            StreamUrl = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["streamUrl"]!;
        }

        StreamUrl!.ShouldStartWith("ws://");
        CloseStatus = null;
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(new Uri(StreamUrl!), CancellationToken.None).WaitAsync(Timeout);
        _receiving = ReceiveAsync(_socket);
    }

    /// <summary>Completes when the server has closed the stream (or the connection broke).</summary>
    public Task StreamEndedAsync() => (_receiving ?? Task.CompletedTask).WaitAsync(Timeout);

    public async Task DisconnectAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(Timeout);
        }

        if (_receiving is not null)
        {
            await _receiving.WaitAsync(Timeout);
        }

        _socket?.Dispose();
        _socket = null;
    }

    /// <summary>Forgets what the stream delivered so far (a reloaded page knows only its watermark).</summary>
    public void ClearReceived()
    {
        lock (_lock)
        {
            _received.Clear();
        }
    }

    /// <summary>Completes with the first streamed activity that matches (already received or still to come).</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> predicate)
    {
        TaskCompletionSource<JsonObject> done;
        lock (_lock)
        {
            var existing = _received.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, done));
        }

        return await done.Task.WaitAsync(Timeout);
    }

    /// <summary>Completes with the first streamed activity whose visible text (<see cref="VisibleText"/>) contains <paramref name="fragment"/>.</summary>
    public Task<JsonObject> WaitForTextAsync(string fragment) => WaitForAsync(a => VisibleText.Contains(a, fragment));

    /// <summary>Completes when the next empty keep-alive frame arrives.</summary>
    public Task WaitForKeepAliveAsync()
    {
        lock (_lock)
        {
            _emptyFrame = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _emptyFrame.Task.WaitAsync(Timeout);
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    return;
                }

                OnFrame(Encoding.UTF8.GetString(message.ToArray()));
            }
        }
        catch (WebSocketException)
        {
            // The server went away (restart); the test reconnects.
        }
    }

    private void OnFrame(string frame)
    {
        lock (_lock)
        {
            if (frame.Length == 0)
            {
                _emptyFrame.TrySetResult();
                return;
            }

            var set = JsonNode.Parse(frame)!.AsObject();
            if ((string?)set["watermark"] is { } watermark)
            {
                Watermark = watermark;
            }

            foreach (var activity in set["activities"]!.AsArray().Select(a => a!.AsObject()))
            {
                _received.Add(activity);
                foreach (var waiter in _waiters.Where(w => w.Predicate(activity)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult(activity);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DisconnectAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
