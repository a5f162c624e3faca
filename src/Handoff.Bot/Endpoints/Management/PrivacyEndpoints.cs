using Handoff.Application.Privacy.EraseConversation;
using Handoff.Application.Privacy.EraseEndUser;
using Mediator;

namespace Handoff.Bot.Endpoints.Management;

/// <summary>Erasure: one conversation, or everything about one end user. Each erased conversation leaves an audit record.</summary>
public static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacyEndpoints(this RouteGroupBuilder group)
    {
        group.MapDelete("/conversations/{id:guid}", async (Guid id, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new EraseConversationCommand(id, context.Actor()), cancellationToken)))
            .WithName("EraseConversation")
            .WithSummary("Erases one conversation everywhere (transcript, Direct Line log and uploads, outbox, processed markers); 409 while it is waiting or connected. Audited, without content.");

        // A query, not path segments: channel user ids contain ':' and may contain '/' (Teams "29:…", AAD ids).
        group.MapDelete("/users", async (string? channelId, string? userId, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
                ManagementResults.From(await sender.Send(new EraseEndUserCommand(channelId ?? string.Empty, userId ?? string.Empty, context.Actor()), cancellationToken)))
            .WithName("EraseEndUser")
            .WithSummary("Erases everything stored about one end user (?channelId=directline&userId=dl_…): all their conversations, as DELETE /conversations/{id} does; 409 while any is waiting or connected.")
            .ProducesValidationProblem();
        return group;
    }
}
