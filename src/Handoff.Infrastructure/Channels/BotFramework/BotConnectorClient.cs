using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>What the Bot Connector answered: the status, the new activity or conversation id, and Retry-After when throttled.</summary>
public sealed record ConnectorResponse(HttpStatusCode Status, string? Id, string? Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// The Bot Connector REST API (v3): send, reply, update, create conversation. URLs keep the service URL's path
/// (<c>serviceUrl.TrimEnd('/') + "/v3/..."</c>, Teams uses <c>/teams/</c>) and escape every id. The bot token is sent
/// only to service URLs that arrived in authenticated activities (the caller's job) and only over https or loopback.
/// </summary>
public sealed class BotConnectorClient(IHttpClientFactory httpClients, IBotTokenProvider tokens, TimeProvider clock)
{
    public const string HttpClientName = "BotFramework.Connector";

    public Task<ConnectorResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities"), activity, cancellationToken);

    public Task<ConnectorResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        activity.ReplyToId = activityId;
        return SendAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}"), activity, cancellationToken);
    }

    /// <summary>Replaces a delivered activity (the update carries that activity's <c>id</c>, as the API requires).</summary>
    public Task<ConnectorResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        activity.Id = activityId;
        return SendAsync(HttpMethod.Put, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}"), activity, cancellationToken);
    }

    /// <summary>Starts a conversation (in Teams: a proactive 1:1 with a user who has the app, within a tenant); answers its id.</summary>
    public Task<ConnectorResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Url(serviceUrl, "v3/conversations"), parameters, cancellationToken);

    /// <summary>https, or http to a loopback host (local development and tests).</summary>
    public static bool IsAllowedServiceUrl(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    public static Uri Url(string serviceUrl, string relative) => new(serviceUrl.TrimEnd('/') + "/" + relative);

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private async Task<ConnectorResponse> SendAsync<T>(HttpMethod method, Uri url, T body, CancellationToken cancellationToken)
    {
        if (!IsAllowedServiceUrl(url.ToString()))
        {
            throw new InvalidOperationException($"Refusing to call the non-https service URL {url.GetLeftPart(UriPartial.Authority)}.");
        }

        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: BotJson.Options) };
        if (await tokens.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ConnectorResponse(response.StatusCode, response.IsSuccessStatusCode ? ReadId(text) : null, text, RetryAfter(response));
    }

    private static string? ReadId(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
