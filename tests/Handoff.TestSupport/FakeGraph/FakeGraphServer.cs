using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.TestSupport.FakeGraph;

/// <summary>The Graph operations the fake serves.</summary>
public enum GraphEndpoint
{
    CheckMemberGroups,
    GetUser,
    CreateOrGetMeeting,
}

/// <summary>One request the fake received, as it came over the wire.</summary>
public sealed record GraphRequest(GraphEndpoint Endpoint, string Method, string Path, string? Authorization, string? RetryAttempt, string Body);

/// <summary>A meeting the fake holds, keyed by organizer and external id as Graph's createOrGet is.</summary>
public sealed record FakeMeeting(string Id, string OrganizerId, string ExternalId, string Subject, string JoinWebUrl, string Body);

/// <summary>
/// A fake Microsoft Graph on loopback Kestrel that speaks Graph's v1.0 JSON (errors always <c>application/json</c>) for the
/// calls Handoff makes: <c>checkMemberGroups</c> (transitive over nested groups), <c>GET /users/{id}</c>, and
/// <c>onlineMeetings/createOrGet</c> (403 without an application access policy, 404 for unknown organizers). Tests script
/// faults (429 with <c>Retry-After</c>, 503, a hanging response) per endpoint and read what was received.
/// </summary>
public sealed partial class FakeGraphServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string DisplayName, string? Mail, string Upn)> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HashSet<string>> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _deniedOrganizers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string, string), FakeMeeting> _meetings = new();
    private readonly ConcurrentDictionary<GraphEndpoint, ConcurrentQueue<Fault>> _faults = new();
    private readonly ConcurrentDictionary<GraphEndpoint, Fault> _persistentFaults = new();
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly Lock _lock = new();
    private int _tokensIssued;

    private FakeGraphServer(WebApplication app) => _app = app;

    /// <summary>The Graph base URL to configure (<c>Graph:BaseUrl</c>).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<GraphRequest> Requests => [.. _requests];

    public IReadOnlyCollection<FakeMeeting> Meetings => [.. _meetings.Values];

    public static Task<FakeGraphServer> StartAsync() => StartAsync(httpsCertificate: null);

    /// <summary>
    /// With <paramref name="httpsCertificate"/>: over https (the product accepts only https for <c>Graph:AuthorityHost</c>),
    /// and also the Entra ID token endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>), so a server in another process is
    /// pointed at the fake by configuration alone (<c>Graph:AuthorityHost</c> = <see cref="AuthorityHost"/>, the
    /// certificate trusted through <c>SSL_CERT_FILE</c>: <see cref="LoopbackCertificate"/>).
    /// </summary>
    public static async Task<FakeGraphServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? httpsCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (httpsCertificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(httpsCertificate)));
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeGraphServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1.0";
        server.AuthorityHost = address.TrimEnd('/') + "/";
        return server;
    }

    /// <summary>The Entra ID authority host to configure (<c>Graph:AuthorityHost</c>) when started over https.</summary>
    public string AuthorityHost { get; private set; } = string.Empty;

    /// <summary>How many access tokens the token endpoint issued.</summary>
    public int TokensIssued => _tokensIssued;

    public int Count(GraphEndpoint endpoint) => _requests.Count(r => r.Endpoint == endpoint);

    public void AddUser(string objectId, string displayName, string? mail = null) =>
        _users[objectId] = (displayName, mail, mail ?? $"{displayName.Replace(' ', '.')}@contoso.test");

    /// <summary>A security group; members are user or group object ids (nested groups count transitively).</summary>
    public void AddGroup(string groupObjectId, params string[] memberObjectIds)
    {
        lock (_lock)
        {
            _groups[groupObjectId] = new HashSet<string>(memberObjectIds, StringComparer.OrdinalIgnoreCase);
        }
    }

    public void AddMember(string groupObjectId, string memberObjectId)
    {
        lock (_lock)
        {
            _groups.GetOrAdd(groupObjectId, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(memberObjectId);
        }
    }

    public void RemoveMember(string groupObjectId, string memberObjectId)
    {
        lock (_lock)
        {
            if (_groups.TryGetValue(groupObjectId, out var members))
            {
                members.Remove(memberObjectId);
            }
        }
    }

    /// <summary>Meetings with this organizer are refused with 403, as without a Teams application access policy.</summary>
    public void DenyOrganizer(string objectId) => _deniedOrganizers[objectId] = true;

    /// <summary>The next <paramref name="times"/> requests to <paramref name="endpoint"/> fail with <paramref name="status"/>.</summary>
    public void Fail(GraphEndpoint endpoint, int status, int times = 1, int? retryAfterSeconds = null)
    {
        var queue = _faults.GetOrAdd(endpoint, _ => new ConcurrentQueue<Fault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(new Fault(status, retryAfterSeconds, Hang: false));
        }
    }

    /// <summary>Every request to <paramref name="endpoint"/> fails with <paramref name="status"/> until <see cref="Heal"/>.</summary>
    public void FailAlways(GraphEndpoint endpoint, int status, int? retryAfterSeconds = null) =>
        _persistentFaults[endpoint] = new Fault(status, retryAfterSeconds, Hang: false);

    /// <summary>Requests to <paramref name="endpoint"/> get no answer until the client gives up.</summary>
    public void Hang(GraphEndpoint endpoint) => _persistentFaults[endpoint] = new Fault(0, null, Hang: true);

    public void Heal()
    {
        _persistentFaults.Clear();
        _faults.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (request.Method == "POST" && TokenPath().IsMatch(path))
        {
            // The client-credentials grant as Entra ID answers it; the fake Graph only checks that a token is sent.
            Interlocked.Increment(ref _tokensIssued);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"fake-graph-access-token"}""", context.RequestAborted);
            return;
        }

        var (endpoint, id) = Route(request.Method, path);
        if (endpoint is null)
        {
            await ErrorAsync(context, 400, "BadRequest", $"Resource not found for the segment '{path}'.");
            return;
        }

        _requests.Enqueue(new GraphRequest(endpoint.Value, request.Method, path, request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, request.Headers["Retry-Attempt"].ToString() is { Length: > 0 } attempt ? attempt : null, body));

        if (string.IsNullOrEmpty(request.Headers.Authorization.ToString()))
        {
            await ErrorAsync(context, 401, "InvalidAuthenticationToken", "Access token is empty.");
            return;
        }

        if (NextFault(endpoint.Value) is { } fault)
        {
            if (fault.Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            var (code, message) = fault.Status switch
            {
                429 => ("TooManyRequests", "Too many requests."),
                403 => ("Forbidden", "Insufficient privileges to complete the operation."),
                404 => ("Request_ResourceNotFound", "Resource does not exist or one of its queried reference-property objects are not present."),
                _ => ("ServiceUnavailable", "The service is temporarily unavailable."),
            };
            await ErrorAsync(context, fault.Status, code, message);
            return;
        }

        switch (endpoint)
        {
            case GraphEndpoint.CheckMemberGroups:
                await CheckMemberGroupsAsync(context, id, body);
                break;
            case GraphEndpoint.GetUser:
                await GetUserAsync(context, id);
                break;
            default:
                await CreateOrGetAsync(context, id, body);
                break;
        }
    }

    private async Task CheckMemberGroupsAsync(HttpContext context, string userId, string body)
    {
        if (!_users.ContainsKey(userId))
        {
            await NotFoundAsync(context, userId);
            return;
        }

        var asked = JsonNode.Parse(body)?["groupIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        var matched = asked.Where(g => IsTransitiveMember(g, userId, [])).ToList();
        await JsonAsync(context, 200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)",
            ["value"] = new JsonArray([.. matched.Select(g => JsonValue.Create(g))]),
        });
    }

    private async Task GetUserAsync(HttpContext context, string userId)
    {
        if (!_users.TryGetValue(userId, out var user))
        {
            await NotFoundAsync(context, userId);
            return;
        }

        await JsonAsync(context, 200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName)/$entity",
            ["id"] = userId,
            ["displayName"] = user.DisplayName,
            ["mail"] = user.Mail,
            ["userPrincipalName"] = user.Upn,
        });
    }

    private async Task CreateOrGetAsync(HttpContext context, string organizerId, string body)
    {
        if (!_users.ContainsKey(organizerId))
        {
            await NotFoundAsync(context, organizerId);
            return;
        }

        if (_deniedOrganizers.ContainsKey(organizerId))
        {
            await ErrorAsync(context, 403, "General", "No application access policy found for this app.");
            return;
        }

        var json = JsonNode.Parse(body)!;
        var externalId = json["externalId"]?.GetValue<string>();
        if (string.IsNullOrEmpty(externalId))
        {
            await ErrorAsync(context, 400, "BadRequest", "externalId is required.");
            return;
        }

        var created = false;
        var meeting = _meetings.GetOrAdd((organizerId.ToUpperInvariant(), externalId), _ =>
        {
            created = true;
            var number = _meetings.Count + 1;
            return new FakeMeeting($"MSo{number}_{Guid.NewGuid():N}", organizerId, externalId, json["subject"]?.GetValue<string>() ?? string.Empty,
                $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{number}_{Guid.NewGuid():N}%40thread.v2/0", body);
        });
        await JsonAsync(context, created ? 201 : 200, new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{organizerId}')/onlineMeetings/$entity",
            ["id"] = meeting.Id,
            ["externalId"] = meeting.ExternalId,
            ["subject"] = meeting.Subject,
            ["joinWebUrl"] = meeting.JoinWebUrl,
            ["videoTeleconferenceId"] = "1234567890",
            ["creationDateTime"] = "2026-11-27T09:00:00Z",
            ["startDateTime"] = json["startDateTime"]?.DeepClone(),
            ["endDateTime"] = json["endDateTime"]?.DeepClone(),
            ["participants"] = new JsonObject
            {
                ["organizer"] = new JsonObject { ["role"] = "presenter", ["upn"] = _users[organizerId].Upn, ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = organizerId } } },
                ["attendees"] = json["participants"]?["attendees"]?.DeepClone() ?? new JsonArray(),
            },
        });
    }

    private bool IsTransitiveMember(string groupId, string memberId, HashSet<string> visited)
    {
        lock (_lock)
        {
            if (!visited.Add(groupId) || !_groups.TryGetValue(groupId, out var members))
            {
                return false;
            }

            return members.Contains(memberId) || members.Where(_groups.ContainsKey).ToList().Any(nested => IsTransitiveMember(nested, memberId, visited));
        }
    }

    private Fault? NextFault(GraphEndpoint endpoint)
    {
        if (_faults.TryGetValue(endpoint, out var queue) && queue.TryDequeue(out var fault))
        {
            return fault;
        }

        return _persistentFaults.TryGetValue(endpoint, out var persistent) ? persistent : null;
    }

    private static (GraphEndpoint?, string) Route(string method, string path)
    {
        var match = RouteRegex().Match(path);
        if (!match.Success)
        {
            return (null, string.Empty);
        }

        var id = Uri.UnescapeDataString(match.Groups["id"].Value);
        return (method, match.Groups["rest"].Value) switch
        {
            ("POST", "/checkMemberGroups") => (GraphEndpoint.CheckMemberGroups, id),
            ("GET", "") => (GraphEndpoint.GetUser, id),
            ("POST", "/onlineMeetings/createOrGet") => (GraphEndpoint.CreateOrGetMeeting, id),
            _ => (null, id),
        };
    }

    private static Task NotFoundAsync(HttpContext context, string id) =>
        ErrorAsync(context, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject
                {
                    ["date"] = "2026-11-27T09:00:00",
                    ["request-id"] = Guid.NewGuid().ToString(),
                    ["client-request-id"] = context.Request.Headers["client-request-id"].ToString(),
                },
            },
        });

    private static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(s_json), context.RequestAborted);
    }

    private static readonly JsonSerializerOptions s_json = new();

    [GeneratedRegex(@"^/v1\.0/users/(?<id>[^/]+)(?<rest>/checkMemberGroups|/onlineMeetings/createOrGet)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RouteRegex();

    private sealed record Fault(int Status, int? RetryAfterSeconds, bool Hang);

    [GeneratedRegex("^/[^/]+/oauth2/v2\\.0/token$")]
    private static partial Regex TokenPath();
}
