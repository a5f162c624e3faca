using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// <c>POST /api/agent/token</c>: after the agent access key checks out, a Direct Line token carrying the verified agent
/// claim. The agent's user id is derived from name and key, so a reload is the same agent. Nothing else (no query
/// flag, no posted role) can make a web chat user an agent.
/// </summary>
public static class AgentTokenEndpoints
{
    public static IEndpointRouteBuilder MapAgentTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/agent/token", async (HttpContext context, AgentAccessKeys keys, DirectLineStore store, DirectLineTokenService tokens, CancellationToken cancellationToken) =>
        {
            AgentTokenRequest? request;
            try
            {
                request = context.Request.HasJsonContentType() ? await context.Request.ReadFromJsonAsync<AgentTokenRequest>(cancellationToken) : null;
            }
            catch (System.Text.Json.JsonException)
            {
                request = null;
            }

            var name = request?.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                return DirectLineResults.BadArgument("A display name (1 to 100 characters) is required.");
            }

            if (!keys.Verify(request!.Key, out var keyHash))
            {
                return DirectLineResults.Unauthorized("Wrong agent access key.");
            }

            var userId = AgentAccessKeys.AgentUserId(name, keyHash);
            var conversation = await store.CreateConversationAsync(userId, name, isAgent: true, cancellationToken);
            var issued = tokens.Issue(conversation.Id, userId, name, isAgent: true, AgentAccessKeys.FingerprintOf(keyHash));
            return Results.Ok(new WebChatTokenResponse(issued.ConversationId, issued.Token, issued.ExpiresIn, userId, name));
        }).RequireRateLimiting(DirectLineWeb.TokenIssuePolicy);
        return endpoints;
    }

    private sealed record AgentTokenRequest(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("key")] string? Key);
}
