using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.TestSupport.BotConnector;

/// <summary>What a minted token says; every field defaults to a valid Bot Connector token.</summary>
public sealed record TokenSpec
{
    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>The <c>serviceurl</c> claim; null leaves it out.</summary>
    public string? ServiceUrl { get; init; }

    public bool OmitServiceUrl { get; init; }

    public FakeSigningKey? Key { get; init; }

    /// <summary>RS256 by default; "HS256" signs with a shared secret, "none" leaves the token unsigned.</summary>
    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;

    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan NotBeforeAgo { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// A fake Bot Connector service on real Kestrel (127.0.0.1, free port): OpenID metadata and a JWKS whose keys carry
/// endorsements, a token minting helper signing with those keys, and the <c>/v3/conversations</c> endpoints, which
/// record what the bot sent and answer scripted failures (429 with Retry-After, 5xx, 403 MessageWritesBlocked), a
/// conversation that fails every request until it recovers, and a conversation whose requests hang (accepted, never
/// answered) until released.
/// Every route works under any service URL path, so the bot's path handling (<c>/teams/v3/...</c>) is exercised.
/// </summary>
public sealed partial class FakeBotConnector : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    public static readonly string[] DefaultEndorsements = ["msteams", "webchat", "directline"];

    private readonly WebApplication _app;
    private readonly List<FakeSigningKey> _published = [];
    private readonly List<FakeSigningKey> _allKeys = [];
    private readonly List<ConnectorRequest> _requests = [];
    private readonly List<(Func<ConnectorRequest, bool> Predicate, TaskCompletionSource<ConnectorRequest> Done)> _waiters = [];
    private readonly List<(Func<string, string?, bool> Match, int Status, string? Body, string? RetryAfter)> _failures = [];
    private readonly Dictionary<string, (int Status, string? Body)> _failingAlways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _hanging = new(StringComparer.Ordinal);
    private readonly List<ConnectorRequest> _held = [];
    private readonly List<(Func<ConnectorRequest, bool> Predicate, int Occurrence, TaskCompletionSource<ConnectorRequest> Done)> _heldWaiters = [];
    private readonly Lock _lock = new();
    private int _sequence;
    private int _jwksRequests;

    private FakeBotConnector(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        DefaultKey = AddKey("key-1", DefaultEndorsements);
    }

    public Uri BaseAddress { get; }

    public string OpenIdMetadataUrl => new Uri(BaseAddress, "v1/.well-known/openidconfiguration").ToString();

    /// <summary>The service URL a Teams activity carries: with a path, as Teams' own (<c>https://smba.trafficmanager.net/teams/</c>).</summary>
    public string ServiceUrl => new Uri(BaseAddress, "teams/").ToString();

    public FakeSigningKey DefaultKey { get; }

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>While true, the signing-key endpoint answers 503 (its requests are still counted).</summary>
    public bool KeysFailing { get; set; }

    public IReadOnlyList<ConnectorRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeBotConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBotConnector? connector = null;
        app.Run(context => connector!.HandleAsync(context));
        await app.StartAsync();
        connector = new FakeBotConnector(app);
        return connector;
    }

    /// <summary>Creates a key and publishes it in the JWKS.</summary>
    public FakeSigningKey AddKey(string keyId, params string[] endorsements)
    {
        var key = CreateKey(keyId, endorsements);
        Publish(key);
        return key;
    }

    /// <summary>Creates a key the JWKS does not list (yet).</summary>
    public FakeSigningKey CreateKey(string keyId, params string[] endorsements)
    {
        var key = new FakeSigningKey(keyId, endorsements);
        lock (_lock)
        {
            _allKeys.Add(key);
        }

        return key;
    }

    public void Publish(FakeSigningKey key)
    {
        lock (_lock)
        {
            _published.Add(key);
        }
    }

    /// <summary>A Bot Connector token for <paramref name="appId"/> and <paramref name="serviceUrl"/>, changed by <paramref name="spec"/>.</summary>
    public string MintToken(string appId, string serviceUrl, TokenSpec? spec = null)
    {
        spec ??= new TokenSpec();
        var key = spec.Key ?? DefaultKey;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (!spec.OmitServiceUrl)
        {
            claims["serviceurl"] = spec.ServiceUrl ?? serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? Issuer,
            Audience = spec.Audience ?? appId,
            Claims = claims,
            NotBefore = now - spec.NotBeforeAgo,
            IssuedAt = now - spec.NotBeforeAgo,
            Expires = now + spec.ExpiresIn,
        };

        if (spec.Algorithm == "none")
        {
            var header = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { alg = "none", typ = "JWT", kid = key.KeyId }));
            var payload = new Dictionary<string, object>(claims)
            {
                ["iss"] = descriptor.Issuer,
                ["aud"] = descriptor.Audience,
                ["nbf"] = EpochTime.GetIntDate(descriptor.NotBefore.Value),
                ["exp"] = EpochTime.GetIntDate(descriptor.Expires.Value),
            };
            return $"{header}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.";
        }

        descriptor.SigningCredentials = spec.Algorithm.StartsWith("HS", StringComparison.Ordinal)
            ? new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-shared-secret-that-is-long-enough-for-hs256")) { KeyId = key.KeyId }, spec.Algorithm)
            : new SigningCredentials(key.SecurityKey, spec.Algorithm);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The next request whose path contains <paramref name="conversationId"/> (any when null) gets this answer instead of success.</summary>
    public void FailNext(string? conversationId, int status, string? body = null, string? retryAfter = null, int times = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Add(((method, conversation) => conversationId is null || conversation == conversationId, status, body, retryAfter));
            }
        }
    }

    /// <summary>Persistent-failure mode: every request to <paramref name="conversationId"/> gets <paramref name="status"/> until <see cref="Recover"/>.</summary>
    public void FailAlways(string conversationId, int status, string? body = null)
    {
        lock (_lock)
        {
            _failingAlways[conversationId] = (status, body);
        }
    }

    public void Recover(string conversationId)
    {
        lock (_lock)
        {
            _failingAlways.Remove(conversationId);
        }
    }

    /// <summary>
    /// Hang mode: requests to <paramref name="conversationId"/> are read and then left unanswered until
    /// <see cref="ReleaseHang"/> (they then succeed) or until the caller gives up (recorded with status 499).
    /// </summary>
    public void Hang(string conversationId)
    {
        lock (_lock)
        {
            _hanging[conversationId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Answers the held requests of <paramref name="conversationId"/> (with success) and stops holding new ones.</summary>
    public void ReleaseHang(string conversationId)
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            _hanging.Remove(conversationId, out gate);
        }

        gate?.TrySetResult();
    }

    /// <summary>
    /// Completes when the <paramref name="occurrence"/>-th request matching <paramref name="predicate"/> is being held
    /// by hang mode (or already was).
    /// </summary>
    public async Task<ConnectorRequest> WaitForHeldAsync(Func<ConnectorRequest, bool> predicate, int occurrence = 1)
    {
        TaskCompletionSource<ConnectorRequest> done;
        lock (_lock)
        {
            var existing = _held.Where(predicate).Skip(occurrence - 1).FirstOrDefault();
            if (existing is not null)
            {
                return existing;
            }

            done = new TaskCompletionSource<ConnectorRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _heldWaiters.Add((predicate, occurrence, done));
        }

        return await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Teams' answer when the user blocked or uninstalled the bot.</summary>
    public static string MessageWritesBlockedBody =>
        JsonSerializer.Serialize(new { errorCode = 209, message = "{\"message\":\"Conversation blocked by user\",\"subCode\":\"MessageWritesBlocked\"}" });

    /// <summary>Completes when a recorded request matches (or already did); fails after <paramref name="timeout"/> as a safety net.</summary>
    public async Task<ConnectorRequest> WaitForAsync(Func<ConnectorRequest, bool> predicate, TimeSpan? timeout = null)
    {
        TaskCompletionSource<ConnectorRequest> done;
        lock (_lock)
        {
            var existing = _requests.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            done = new TaskCompletionSource<ConnectorRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The bot never sent the expected request. It sent:\n" + string.Join("\n", Requests.Select(r => $"{r.Method} {r.Path} {r.Status} {r.Visible}")));
        }
    }

    /// <summary>Successful sends and updates to <paramref name="conversationId"/>, in the order received.</summary>
    public IReadOnlyList<ConnectorRequest> DeliveredTo(string conversationId) =>
        [.. Requests.Where(r => r.ConversationId == conversationId && r.Succeeded)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in _allKeys)
        {
            key.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var path = raw.Split('?')[0];
        if (path.EndsWith("/.well-known/openidconfiguration", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                issuer = Issuer,
                jwks_uri = new Uri(BaseAddress, "v1/.well-known/keys").ToString(),
                id_token_signing_alg_values_supported = new[] { "RS256" },
            });
            return;
        }

        if (path.EndsWith("/.well-known/keys", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _jwksRequests);
            if (KeysFailing)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            object[] keys;
            lock (_lock)
            {
                keys = [.. _published.Select(k => k.ToJwk())];
            }

            await context.Response.WriteAsJsonAsync(new { keys });
            return;
        }

        var v3 = path.IndexOf("/v3/conversations", StringComparison.Ordinal);
        if (v3 < 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var segments = path[(v3 + "/v3/conversations".Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var conversationId = segments.Length > 0 ? Uri.UnescapeDataString(segments[0]) : null;
        var activityId = segments.Length > 2 && segments[1] == "activities" ? Uri.UnescapeDataString(segments[2]) : null;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);

        var authorization = context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString();
        if (!await HoldWhileHangingAsync(context, path, v3, conversationId, activityId, authorization, body.RootElement))
        {
            return;
        }

        int status;
        string? responseBody;
        string? retryAfter;
        string? returnedId = null;
        ConnectorRequest request;
        lock (_lock)
        {
            var failure = _failures.FirstOrDefault(f => f.Match(context.Request.Method, conversationId));
            if (conversationId is not null && _failingAlways.TryGetValue(conversationId, out var always))
            {
                (status, responseBody, retryAfter) = (always.Status, always.Body, null);
            }
            else if (failure.Match is not null)
            {
                _failures.Remove(failure);
                (status, responseBody, retryAfter) = (failure.Status, failure.Body, failure.RetryAfter);
            }
            else
            {
                var n = ++_sequence;
                returnedId = conversationId is null ? CreatedConversationId(body.RootElement, n) : activityId is not null && context.Request.Method == "PUT" ? activityId : $"activity-{n}";
                (status, responseBody, retryAfter) = (StatusCodes.Status200OK, CreatedBody(body.RootElement, returnedId, n), null);
            }

            request = new ConnectorRequest(context.Request.Method, path, path[..v3], conversationId, activityId, authorization, body.RootElement.Clone(), status, returnedId);
            Record(request);
        }

        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (responseBody is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(responseBody);
        }
    }

    /// <summary>Holds a request to a hanging conversation; false when the caller gave up first (recorded as 499).</summary>
    private async Task<bool> HoldWhileHangingAsync(HttpContext context, string path, int v3, string? conversationId, string? activityId, string? authorization, JsonElement body)
    {
        TaskCompletionSource? gate;
        ConnectorRequest held;
        lock (_lock)
        {
            if (conversationId is null || !_hanging.TryGetValue(conversationId, out gate))
            {
                return true;
            }

            held = new ConnectorRequest(context.Request.Method, path, path[..v3], conversationId, activityId, authorization, body.Clone(), 0, null);
            _held.Add(held);
            foreach (var waiter in _heldWaiters.Where(w => w.Predicate(held) && _held.Count(w.Predicate) >= w.Occurrence).ToList())
            {
                _heldWaiters.Remove(waiter);
                waiter.Done.TrySetResult(held);
            }
        }

        try
        {
            await gate.Task.WaitAsync(context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                Record(held with { Status = 499 });
            }

            return false;
        }
    }

    private void Record(ConnectorRequest request)
    {
        _requests.Add(request);
        foreach (var waiter in _waiters.Where(w => w.Predicate(request)).ToList())
        {
            _waiters.Remove(waiter);
            waiter.Done.TrySetResult(request);
        }
    }
}
