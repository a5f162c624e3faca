namespace Handoff.Application.Common.Messaging;

/// <summary>
/// Who sent an inbound message, as the channel established it.
/// </summary>
/// <param name="Id">The channel account id (<c>from.id</c>).</param>
/// <param name="Name">The display name the channel gave, if any.</param>
/// <param name="EntraObjectId">Teams: <c>from.aadObjectId</c>.</param>
/// <param name="TenantId">Teams: <c>conversation.tenantId</c> / <c>channelData.tenant.id</c>.</param>
/// <param name="IsAuthenticated">The activity came through an authenticated channel request (a validated Bot Framework token).</param>
/// <param name="IsVerifiedAgent">The agent web chat token carried a verified agent claim.</param>
public sealed record Sender(
    string Id,
    string? Name,
    string? EntraObjectId = null,
    string? TenantId = null,
    bool IsAuthenticated = false,
    bool IsVerifiedAgent = false);
