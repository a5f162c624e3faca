using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>The Direct Line 3.0 <c>Conversation</c> object (token, start and reconnect answers).</summary>
public sealed record DirectLineConversationResponse(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("streamUrl")] string? StreamUrl);

/// <summary>What the page token endpoints return: a Direct Line token and who it is for.</summary>
public sealed record WebChatTokenResponse(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("userName")] string? UserName);

/// <summary>Direct Line error bodies: <c>{"error":{"code","message"}}</c>; the code is stable, the message is not.</summary>
public static class DirectLineResults
{
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    public static IResult Unauthorized(string message = "Missing or invalid Authorization header.") => Error(StatusCodes.Status401Unauthorized, "Unauthorized", message);

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, "Forbidden", message);

    public static IResult TokenExpired() => Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired.");

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "NotFound", "Conversation not found.");

    public static IResult BadArgument(string message) => Error(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult TooLarge(string message) => Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", message);
}
