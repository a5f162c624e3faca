using System.Security.Cryptography;
using System.Text;
using Handoff.Infrastructure.Management;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>Who is calling: a trusted back end with a secret, or the holder of a token for one conversation.</summary>
public sealed record DirectLineCaller(bool IsSecret, DirectLineToken? Token, string Credential);

/// <summary>An authorized caller and the existing conversation they may use.</summary>
public sealed record DirectLineAccess(DirectLineCaller Caller, DirectLineConversation Conversation);

/// <summary>
/// Reads <c>Authorization: Bearer</c> (or the stream's <c>t</c> query): missing or garbled → 401, expired → 403
/// <c>TokenExpired</c>, a token for another conversation → 403.
/// </summary>
public static class DirectLineAuthorization
{
    public static string? BearerOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    /// <summary>
    /// The rate-limiting partition: the validated credential's identity (one per conversation and user, whatever the
    /// token's spelling or how often it was refreshed; one per secret). Anything that does not validate counts against
    /// its client address, so garbage credentials cannot each create a partition.
    /// </summary>
    public static string PartitionOf(HttpContext context)
    {
        var credential = BearerOf(context) ?? (context.Request.Query.TryGetValue("t", out var t) ? t.ToString() : null);
        if (!string.IsNullOrEmpty(credential))
        {
            var tokens = context.RequestServices.GetRequiredService<DirectLineTokenService>();
            if (tokens.IsSecret(credential))
            {
                return "secret:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)))[..16];
            }

            if (tokens.Check(credential, out var token) != TokenCheck.Invalid)
            {
                return $"token:{token!.ConversationId}|{token.UserId}";
            }
        }

        return "address:" + FailedAuthenticationLimiter.ClientOf(context.Connection.RemoteIpAddress);
    }

    /// <summary>Authorizes the caller for <paramref name="conversationId"/> and loads that conversation; unknown → 404.</summary>
    public static async Task<(DirectLineAccess? Access, IResult? Failure)> AuthorizeConversationAsync(
        HttpContext context, string conversationId, DirectLineStore store, CancellationToken cancellationToken)
    {
        var caller = Authorize(context, conversationId, out var failure);
        if (caller is null)
        {
            return (null, failure);
        }

        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        return conversation is null ? (null, DirectLineResults.NotFound()) : (new DirectLineAccess(caller, conversation), null);
    }

    public static DirectLineCaller? Authorize(HttpContext context, string? conversationId, out IResult? failure, bool allowQueryToken = false)
    {
        var credential = BearerOf(context);
        if (credential is null && allowQueryToken && context.Request.Query.TryGetValue("t", out StringValues t))
        {
            credential = t.ToString();
        }

        if (string.IsNullOrEmpty(credential))
        {
            failure = DirectLineResults.Unauthorized();
            return null;
        }

        var tokens = context.RequestServices.GetRequiredService<DirectLineTokenService>();
        if (tokens.IsSecret(credential))
        {
            failure = null;
            return new DirectLineCaller(true, null, credential);
        }

        switch (tokens.Check(credential, out var token))
        {
            case TokenCheck.Expired:
                failure = DirectLineResults.TokenExpired();
                return null;
            case TokenCheck.Invalid:
                failure = DirectLineResults.Unauthorized("The token is not valid.");
                return null;
        }

        if (token!.IsStreamOnly && !allowQueryToken)
        {
            failure = DirectLineResults.Unauthorized("A stream token only opens the stream.");
            return null;
        }

        if (conversationId is not null && !string.Equals(token.ConversationId, conversationId, StringComparison.Ordinal))
        {
            failure = DirectLineResults.Forbidden("The token is not valid for this conversation.");
            return null;
        }

        // Agent tokens are revocable (ADR-033): a signed-out agent's or a revoked key's token is refused on every request.
        if (token.IsAgent && !context.RequestServices.GetRequiredService<AgentSessions>().IsCurrent(token))
        {
            failure = DirectLineResults.Forbidden("This agent was signed out or its access key was revoked; sign in again.");
            return null;
        }

        failure = null;
        return new DirectLineCaller(false, token, credential);
    }
}
