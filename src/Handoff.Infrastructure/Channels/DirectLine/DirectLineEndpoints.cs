using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Exceptions;
using Handoff.Domain.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// The Direct Line 3.0-compatible API under <c>/v3/directline</c> that the official Web Chat (DirectLineJS) talks to.
/// Protocol only: activities are stored and echoed here, then handed to the application as commands.
/// </summary>
public static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";

    public static RouteGroupBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).RequireCors(DirectLineWeb.CorsPolicy).RequireRateLimiting(DirectLineWeb.PerTokenPolicy);
        group.MapPost("/tokens/generate", GenerateTokenAsync);
        group.MapPost("/tokens/refresh", RefreshToken);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapPost("/conversations/{conversationId}/upload", DirectLineUploads.UploadAsync).DisableAntiforgery();
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);
        group.MapGet("/attachments/{id}", DirectLineUploads.DownloadAsync);
        group.MapGet("/session/getsessionid", () => DirectLineResults.Error(StatusCodes.Status404NotFound, "NotFound", "Sessions are not supported."));
        return group;
    }

    private static async Task<IResult> GenerateTokenAsync(HttpContext context, DirectLineStore store, DirectLineTokenService tokens, CancellationToken cancellationToken)
    {
        var caller = DirectLineAuthorization.Authorize(context, null, out var failure);
        if (caller is null)
        {
            return failure!;
        }

        if (!caller.IsSecret)
        {
            return DirectLineResults.Forbidden("Generating a token needs a Direct Line secret.");
        }

        var (user, error) = await ReadUserAsync(context, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var conversation = await store.CreateConversationAsync(user.Id, user.Name, isAgent: false, cancellationToken);
        var issued = tokens.Issue(conversation.Id, user.Id, user.Name, isAgent: false);
        return Results.Ok(new DirectLineConversationResponse(issued.ConversationId, issued.Token, issued.ExpiresIn, null));
    }

    private static IResult RefreshToken(HttpContext context, DirectLineTokenService tokens)
    {
        var caller = DirectLineAuthorization.Authorize(context, null, out var failure);
        if (caller is null)
        {
            return failure!;
        }

        if (caller.Token is null)
        {
            return DirectLineResults.BadArgument("Only tokens can be refreshed.");
        }

        // An agent token is refreshed only while its key is valid and its session was not ended: Authorize checked
        // both (AgentSessions.IsCurrent), as on every request, so a removed or revoked key ends its tokens.
        var issued = tokens.Refresh(caller.Token);
        return Results.Ok(new DirectLineConversationResponse(issued.ConversationId, issued.Token, issued.ExpiresIn, null));
    }

    private static async Task<IResult> StartConversationAsync(HttpContext context, DirectLineStore store, DirectLineTokenService tokens, DirectLineInbound inbound, CancellationToken cancellationToken)
    {
        var caller = DirectLineAuthorization.Authorize(context, null, out var failure);
        if (caller is null)
        {
            return failure!;
        }

        DirectLineToken user;
        string token;
        int? expiresIn;
        if (caller.IsSecret)
        {
            var (requested, error) = await ReadUserAsync(context, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            var created = await store.CreateConversationAsync(requested.Id, requested.Name, isAgent: false, cancellationToken);
            var issued = tokens.Issue(created.Id, requested.Id, requested.Name, isAgent: false);
            (user, token, expiresIn) = (issued.Claims, issued.Token, issued.ExpiresIn);
        }
        else
        {
            user = caller.Token!;
            token = caller.Credential;
            expiresIn = (int)Math.Max(0, (user.ExpiresAt - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds);
            if (await store.FindConversationAsync(user.ConversationId, cancellationToken) is null)
            {
                return DirectLineResults.NotFound();
            }
        }

        var started = await store.TryStartAsync(user.ConversationId, cancellationToken);
        if (started)
        {
            // What the hosted Direct Line service does with a conversationUpdate: the bot greets the user.
            await inbound.GreetOnceAsync(user, cancellationToken);
        }

        var body = new DirectLineConversationResponse(user.ConversationId, token, expiresIn, StreamUrl(context, user.ConversationId, tokens.IssueStreamToken(user, caller.IsSecret ? null : user.ExpiresAt), null));
        return started ? Results.Json(body, statusCode: StatusCodes.Status201Created) : Results.Ok(body);
    }

    private static async Task<IResult> ReconnectAsync(HttpContext context, string conversationId, string? watermark, DirectLineStore store, DirectLineTokenService tokens, CancellationToken cancellationToken)
    {
        var (access, failure) = await DirectLineAuthorization.AuthorizeConversationAsync(context, conversationId, store, cancellationToken);
        if (access is null)
        {
            return failure!;
        }

        if (!TryParseWatermark(watermark, out _))
        {
            return DirectLineResults.BadArgument("Unknown watermark.");
        }

        // The stream URL carries a short-lived stream token, never the secret (nor the caller's conversation token).
        var token = access.Caller.IsSecret ? null : access.Caller.Credential;
        var streamToken = tokens.IssueStreamToken(UserOf(access.Caller, access.Conversation), access.Caller.Token?.ExpiresAt);
        return Results.Ok(new DirectLineConversationResponse(conversationId, token, null, StreamUrl(context, conversationId, streamToken, watermark)));
    }

    private static async Task<IResult> GetActivitiesAsync(HttpContext context, string conversationId, string? watermark, DirectLineStore store, CancellationToken cancellationToken)
    {
        var (access, failure) = await DirectLineAuthorization.AuthorizeConversationAsync(context, conversationId, store, cancellationToken);
        if (access is null)
        {
            return failure!;
        }

        if (!TryParseWatermark(watermark, out var after))
        {
            return DirectLineResults.BadArgument("Unknown watermark.");
        }

        var page = await store.ReadAfterAsync(conversationId, after, 100, cancellationToken);
        var json = $"{{\"activities\":[{string.Join(',', page.Activities)}],\"watermark\":\"{page.Watermark.ToString(CultureInfo.InvariantCulture)}\"}}";
        return Results.Text(json, "application/json");
    }

    private static async Task<IResult> PostActivityAsync(HttpContext context, string conversationId, DirectLineStore store, DirectLineInbound inbound, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var caller = DirectLineAuthorization.Authorize(context, conversationId, out var failure);
        if (caller is null)
        {
            return failure!;
        }

        // A token names its user and conversation (signed by us when the conversation was created), so the hot path
        // does not read the conversation: the append finds out whether it still exists (issue 11). A secret names no
        // user, so its conversation's own user is read.
        var user = caller.Token;
        if (user is null)
        {
            var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
            if (conversation is null)
            {
                return DirectLineResults.NotFound();
            }

            user = UserOf(caller, conversation);
        }

        if (context.Request.ContentLength > DirectLineActivities.MaxActivityBytes)
        {
            return DirectLineResults.TooLarge("An activity may be at most 256 KB.");
        }

        var body = await ReadLimitedAsync(context.Request.Body, DirectLineActivities.MaxActivityBytes, cancellationToken);
        if (body is null)
        {
            return DirectLineResults.TooLarge("An activity may be at most 256 KB.");
        }

        var activity = DirectLineActivities.Parse(body, out var error);
        if (activity is null)
        {
            return DirectLineResults.BadArgument(error!);
        }

        return await AcceptAsync(context, user, activity, store, inbound, options.Value, cancellationToken);
    }

    /// <summary>
    /// Stores the user's activity (which echoes it to the open streams at once), then hands it to the bot. The bot's
    /// replies go through the outbox, so this returns as soon as the command is handled.
    /// </summary>
    internal static async Task<IResult> AcceptAsync(HttpContext context, DirectLineToken user, JsonObject activity, DirectLineStore store, DirectLineInbound inbound, DirectLineOptions options, CancellationToken cancellationToken)
    {
        if (DirectLineActivities.Text(activity) is { Length: > TranscriptEntry.MaxTextLength })
        {
            return DirectLineResults.BadArgument($"The text may be at most {TranscriptEntry.MaxTextLength} characters.");
        }

        if (activity["attachments"] is JsonArray attachments && attachments.Count > options.MaxAttachmentsPerActivity)
        {
            return DirectLineResults.BadArgument($"An activity may carry at most {options.MaxAttachmentsPerActivity} attachments.");
        }

        DirectLineActivities.NormalizeFromUser(activity, user, options);
        if (DirectLineActivities.TypeOf(activity) == "typing")
        {
            // Typing indicators are never kept: shown to the other side of a live handoff (ADR-032); the client only needs an id.
            await inbound.RelayTypingAsync(user, cancellationToken);
            return Results.Ok(new { id = $"{user.ConversationId}|typing-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}" });
        }

        // Stored in the same transaction as the bot's handling of it, and before the client is answered (ADR-041).
        var echo = store.Prepare(user.ConversationId, activity);
        string? stored;
        try
        {
            stored = await inbound.DispatchAsync(user, activity, echo, cancellationToken);
        }
        // A database that is unavailable is not the bot's failure: it goes on to the host's 503 with Retry-After, and the
        // client sends the same activity again (nothing was stored: the echo is in the failed transaction).
        catch (Exception ex) when (ex is not OperationCanceledException && !DatabaseFailures.IsUnavailable(ex))
        {
            context.RequestServices.GetRequiredService<ILogger<DirectLineInbound>>().LogError(ex, "The bot failed on activity {ActivityId}", (string?)activity["id"]);
            return DirectLineResults.Error(StatusCodes.Status502BadGateway, "BotError", "The bot could not process the activity.");
        }

        if (stored is null)
        {
            if (await store.FindConversationAsync(user.ConversationId, cancellationToken) is null)
            {
                return DirectLineResults.NotFound();
            }

            // The conversation exists but took no sequence number (the database refused the update): nothing was
            // stored and the bot's changes were not kept, so the client is told to send the same activity again
            // rather than shown an unexplained 500.
            context.RequestServices.GetRequiredService<ILogger<DirectLineInbound>>().LogWarning("Appending to Direct Line conversation {ConversationId} took no sequence number; the client is asked to retry.", user.ConversationId);
            context.Response.Headers.RetryAfter = "1";
            return DirectLineResults.Error(StatusCodes.Status503ServiceUnavailable, "Busy", "The conversation is busy; please send the activity again.");
        }

        return Results.Ok(new { id = stored });
    }

    private static async Task StreamAsync(HttpContext context, string conversationId, string? watermark, IServiceScopeFactory scopes, DirectLineStreamSession session, IStreamWakeUps wakeUps, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        var caller = DirectLineAuthorization.Authorize(context, conversationId, out var failure, allowQueryToken: true);
        var after = 0L;
        var refusal = caller is null ? failure
            : !await ExistsAsync(scopes, conversationId, context.RequestAborted) ? DirectLineResults.NotFound()
            : !context.WebSockets.IsWebSocketRequest ? DirectLineResults.BadArgument("This endpoint needs a WebSocket.")
            : !TryParseWatermark(watermark, out after) ? DirectLineResults.BadArgument("Unknown watermark.")
            : null;
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        // Bounded per conversation (one user, one token identity): each open socket holds a task and a buffer.
        var subscription = wakeUps.TrySubscribe(conversationId, options.Value.MaxStreamsPerConversation);
        if (subscription is null)
        {
            await DirectLineResults.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many open streams for this conversation.").ExecuteAsync(context);
            return;
        }

        // An agent's stream also ends with the agent's session (sign-out, revoked key, signed in elsewhere); asked again
        // after taking the signal, so an ending between the check above and here is not missed.
        var agentSessions = context.RequestServices.GetRequiredService<AgentSessions>();
        var sessionEnded = caller!.Token is { IsAgent: true } agentToken ? agentSessions.StreamsEnded(agentToken.UserId) : CancellationToken.None;
        if (caller.Token is { IsAgent: true } && !agentSessions.IsCurrent(caller.Token))
        {
            subscription.Dispose();
            await DirectLineResults.Forbidden("This agent was signed out or its access key was revoked; sign in again.").ExecuteAsync(context);
            return;
        }

        // The socket ends when the credential that opened it would have: a stream token's holder's token, or the token itself.
        var closeAt = caller!.Token is { } token ? (token.IsStreamOnly ? token.StreamUntil ?? token.ExpiresAt : token.ExpiresAt) : DateTimeOffset.MaxValue;
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        using (socket)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, sessionEnded);
            await session.RunAsync(socket, subscription, conversationId, after, closeAt, stop.Token);
        }
    }

    /// <summary>
    /// Whether the conversation exists, asked in a scope of its own: the request's scope lives as long as the socket, and
    /// a database context kept in it would cost every idle stream its memory (issue 11).
    /// </summary>
    private static async Task<bool> ExistsAsync(IServiceScopeFactory scopes, string conversationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectLineStore>().FindConversationAsync(conversationId, cancellationToken) is not null;
    }

    /// <summary>The user of a request: the token's, or for a secret the conversation's own user (never an agent).</summary>
    internal static DirectLineToken UserOf(DirectLineCaller caller, DirectLineConversation conversation) =>
        caller.Token ?? new DirectLineToken(conversation.Id, conversation.UserId, conversation.UserName, false, DateTimeOffset.MaxValue);

    private static string StreamUrl(HttpContext context, string conversationId, string token, string? watermark)
    {
        var scheme = context.Request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{context.Request.Host}{context.Request.PathBase}{Prefix}/conversations/{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(token)}";
        return string.IsNullOrEmpty(watermark) ? url : url + "&watermark=" + Uri.EscapeDataString(watermark);
    }

    /// <summary>Watermarks are this server's sequence numbers; none means from the beginning.</summary>
    private static bool TryParseWatermark(string? watermark, out long after)
    {
        after = 0;
        return string.IsNullOrEmpty(watermark) || (long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0);
    }

    private static async Task<(TokenUser User, IResult? Error)> ReadUserAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedAsync(context.Request.Body, 16 * 1024, cancellationToken);
        if (body is null)
        {
            return (default!, DirectLineResults.TooLarge("The request is too large."));
        }

        string? id = null;
        string? name = null;
        if (body.Length > 0)
        {
            try
            {
                var user = JsonNode.Parse(body)?["user"];
                id = (string?)user?["id"];
                name = (string?)user?["name"];
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
            {
                return (default!, DirectLineResults.BadArgument("The body is not valid token parameters."));
            }
        }

        // Only "dl_" ids can be chosen by a trusted back end; agent ids come from the agent sign-in alone.
        if (id is not null && (!id.StartsWith("dl_", StringComparison.Ordinal) || id.Length > 128))
        {
            return (default!, DirectLineResults.BadArgument("user.id must start with 'dl_' and be at most 128 characters."));
        }

        return (new TokenUser(id ?? NewUserId(), string.IsNullOrWhiteSpace(name) ? null : name.Trim()[..Math.Min(name.Trim().Length, 100)]), null);
    }

    internal static string NewUserId() => "dl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed record TokenUser(string Id, string? Name);
}
