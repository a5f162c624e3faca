using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary><c>POST /api/webchat/token</c>: a Direct Line token for an anonymous end user of the page at <c>/</c>.</summary>
public static class WebChatTokenEndpoints
{
    public static IEndpointRouteBuilder MapWebChatTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/webchat/token", async (HttpContext context, DirectLineStore store, DirectLineTokenService tokens, CancellationToken cancellationToken) =>
        {
            var request = await ReadAsync(context, cancellationToken);
            var name = request?.Name?.Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 100)] : null;
            var userId = DirectLineEndpoints.NewUserId();
            var conversation = await store.CreateConversationAsync(userId, name, isAgent: false, cancellationToken);
            var issued = tokens.Issue(conversation.Id, userId, name, isAgent: false);
            return Results.Ok(new WebChatTokenResponse(issued.ConversationId, issued.Token, issued.ExpiresIn, userId, name));
        }).RequireRateLimiting(DirectLineWeb.TokenIssuePolicy);
        return endpoints;
    }

    private static async Task<WebChatTokenRequest?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFromJsonAsync<WebChatTokenRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record WebChatTokenRequest([property: JsonPropertyName("name")] string? Name);
}
