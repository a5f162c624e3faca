using System.Text.Json.Serialization;
using Handoff.Application.Agents;
using Handoff.Application.Agents.SignOutAgent;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Agents;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// <c>POST /api/agent/token</c>: after the agent access key checks out, a Direct Line token carrying the verified agent
/// claim. Nothing else (no query flag, no posted role) can make a web chat user an agent. Who the agent is (ADR-033):
/// with a personal key, the key's agent, whatever name is typed; with a shared key (<c>AgentWebChat:AccessKeys</c>, a
/// development and bootstrap mode), the typed name with that key, unless a personal key is held under that name. A new
/// sign-in while the identity holds live users ends the earlier sessions: their tokens and streams stop, and the users
/// are told and handed back to the bot rather than silently following the new window.
/// </summary>
public static class AgentTokenEndpoints
{
    public static IEndpointRouteBuilder MapAgentTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/agent/token", async (HttpContext context, AgentAccessKeys keys, AgentSessions sessions, DirectLineStore store, DirectLineTokenService tokens, CancellationToken cancellationToken) =>
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

            string userId;
            string keyClaim;
            if (sessions.FindActiveKey(request!.Key) is { } personal)
            {
                (userId, name, keyClaim) = (personal.UserId, personal.AgentName, AgentSessions.KeyClaimOf(personal));
            }
            else if (keys.Verify(request.Key, out var keyHash))
            {
                if (sessions.HasPersonalKey(name))
                {
                    return DirectLineResults.Forbidden("This agent signs in with their personal agent key.");
                }

                (userId, keyClaim) = (AgentAccessKeys.AgentUserId(name, keyHash), AgentAccessKeys.FingerprintOf(keyHash));
            }
            else
            {
                return DirectLineResults.Unauthorized("Wrong agent access key.");
            }

            await EndEarlierSessionHoldingLiveUsersAsync(context.RequestServices, sessions, userId, cancellationToken);
            var conversation = await store.CreateConversationAsync(userId, name, isAgent: true, cancellationToken);
            var issued = tokens.Issue(conversation.Id, userId, name, isAgent: true, keyClaim, sessions.GenerationOf(userId));
            return Results.Ok(new WebChatTokenResponse(issued.ConversationId, issued.Token, issued.ExpiresIn, userId, name));
        }).RequireRateLimiting(DirectLineWeb.TokenIssuePolicy);
        return endpoints;
    }

    /// <summary>
    /// No silent takeover (ADR-033): while the agent holds live users, a new sign-in ends the earlier sessions (their
    /// tokens are refused, their streams close) and the users are told and handed back to the bot (they can ask again),
    /// instead of their next messages reaching whoever signed in last. Without live users, an earlier window keeps
    /// working and the agent's address moves to whichever window types <c>login</c>, as before.
    /// </summary>
    private static async Task EndEarlierSessionHoldingLiveUsersAsync(IServiceProvider services, AgentSessions sessions, string userId, CancellationToken cancellationToken)
    {
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var agent = await scope.ServiceProvider.GetRequiredService<IAgentRepository>().FindByChannelAccountAsync(AgentKeys.For(DirectLineActivities.ChannelId, userId), cancellationToken);
        if (agent is { IsLoggedIn: true, ConnectedConversations.Count: > 0 })
        {
            await sessions.EndSessionsOfAsync(userId, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SignOutAgentCommand(agent.Id, AgentLogoutReason.SignedInElsewhere), cancellationToken);
        }
    }

    private sealed record AgentTokenRequest(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("key")] string? Key);
}
