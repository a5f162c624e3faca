using System.Text.Json;
using Handoff.Application.Conversations.RelayTyping;
using Handoff.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework messaging endpoint (Teams and every Bot Connector channel): parse,
/// authenticate, map to a command, send. Malformed input is 400 (so is an embedded channel's id), oversized 413, a bad
/// token or refused anonymous traffic 401 (nothing processed), <c>typing</c> is relayed (best-effort, ADR-032),
/// unknown activity types and event names 200, unknown invokes 501.
/// </summary>
public static class BotFrameworkEndpoints
{
    /// <summary>The Bot Framework's activity size limit.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Attachments one inbound activity may carry (Teams sends a handful at most); more is refused with 400.</summary>
    public const int MaxAttachmentsPerActivity = 10;

    public static WebApplication UseBotFrameworkChannel(this WebApplication app)
    {
        app.MapPost("/api/messages", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request, BotRequestAuthenticator authenticator, ChannelSenders channels, AgentChannel.TeamInstallations teams, ISender sender, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, BotJson.Options);
        }
        catch (JsonException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body is not a valid activity.");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The activity has no type.");
        }

        if (activity.Attachments is { Count: > MaxAttachmentsPerActivity })
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"An activity may carry at most {MaxAttachmentsPerActivity} attachments.");
        }

        var authentication = await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), activity, cancellationToken);
        if (!authentication.Succeeded)
        {
            return Results.Unauthorized();
        }

        // An activity naming an embedded channel's id (the agent web chat's "directline") would make the sender be
        // looked up as one of that channel's accounts. Refused in every mode, authenticated or not (ADR-021): that
        // channel's traffic never comes through the Bot Framework, so Azure's own Direct Line is not supported next to it.
        if (activity.ChannelId is { } channelId && channels.IsEmbeddedChannel(channelId))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Channel '{channelId}' does not come through the Bot Framework.");
        }

        var address = BotActivityMapper.ToAddress(activity, authentication);
        if (address?.ServiceUrl is { } serviceUrl && BotActivityMapper.TeamOf(activity) is { } teamId)
        {
            // Teams channel mode (ADR-037): the team's traffic goes where its latest authenticated activity came from.
            await teams.RecordAsync(teamId, serviceUrl, activity.Recipient?.Id, address.TenantId, cancellationToken);
        }

        return activity.Type switch
        {
            ActivityTypes.Message => address is null ? NoAddress() : await SendAsync(sender, BotActivityMapper.ToMessage(activity, address, authentication), cancellationToken),
            ActivityTypes.ConversationUpdate when address is not null && BotActivityMapper.ToGreeting(activity, address) is { } greet => await SendAsync(sender, greet, cancellationToken),
            ActivityTypes.Event when activity.Name == ActivityTypes.HandoffInitiate =>
                address is null ? NoAddress() : await SendAsync(sender, BotActivityMapper.ToHandoffInitiation(activity, address, authentication), cancellationToken),
            ActivityTypes.Invoke => await InvokeAsync(sender, activity, address, authentication, cancellationToken),
            ActivityTypes.Typing when address is not null => await SendAsync(sender, new RelayTypingCommand(address, activity.From!.Id!), cancellationToken),
            _ => Results.Ok(), // unknown types and event names (handoff.status included) are ignored, as the protocol asks
        };
    }

    private static IResult NoAddress() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The activity has no channelId, conversation or from.");

    /// <summary>Invokes are answered in the HTTP response: <c>adaptiveCard/action</c> with a {statusCode, type, value} body, others 501.</summary>
    private static async Task<IResult> InvokeAsync(ISender sender, Activity activity, ChannelAddress? address, BotAuthentication authentication, CancellationToken cancellationToken)
    {
        if (activity.Name != ActivityTypes.AdaptiveCardAction || address is null)
        {
            return Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        var command = BotActivityMapper.ToCardAction(activity, address, authentication);
        if (command is null)
        {
            return Results.Json(new
            {
                statusCode = StatusCodes.Status400BadRequest,
                type = "application/vnd.microsoft.error",
                value = new { code = "BadRequest", message = "The invoke carries no Action.Execute action." },
            }, statusCode: StatusCodes.Status400BadRequest);
        }

        await sender.Send(command, cancellationToken);
        return Results.Json(new { statusCode = StatusCodes.Status200OK, type = "application/vnd.microsoft.activity.message", value = "Got it." });
    }

    /// <summary>Domain refusals are answered to the person through the outbox; for the channel the activity was handled.</summary>
    private static async Task<IResult> SendAsync<TCommand>(ISender sender, TCommand command, CancellationToken cancellationToken)
        where TCommand : ICommand<Result>
    {
        await sender.Send(command, cancellationToken);
        return Results.Ok();
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
