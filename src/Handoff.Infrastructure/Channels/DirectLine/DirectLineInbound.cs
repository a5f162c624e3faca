using System.Text.Json.Nodes;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.Greet;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Application.Conversations.RelayTyping;
using Handoff.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>Maps what arrives on the embedded Direct Line channel to the application's commands, each in its own scope.</summary>
public sealed class DirectLineInbound(IServiceScopeFactory scopes, ILogger<DirectLineInbound> logger)
{
    public static ChannelAddress AddressOf(DirectLineToken user) => new(DirectLineActivities.ChannelId, user.ConversationId, user.UserId);

    /// <summary>Greets the conversation's user unless it was greeted already (a start and a join event both ask).</summary>
    public async Task GreetOnceAsync(DirectLineToken user, CancellationToken cancellationToken)
    {
        bool first;
        await using (var scope = scopes.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<DirectLineStore>().TryMarkGreetedAsync(user.ConversationId, cancellationToken);
        }

        if (first)
        {
            await SendAsync(new GreetCommand(AddressOf(user), AgentChannel: user.IsAgent), cancellationToken);
        }
    }

    /// <summary>A stored user activity reaches the bot: messages as <see cref="HandleIncomingMessageCommand"/>, the join event as a greeting.</summary>
    public async Task DispatchAsync(DirectLineToken user, JsonObject activity, string activityId, CancellationToken cancellationToken)
    {
        switch (DirectLineActivities.TypeOf(activity))
        {
            case "message":
                await SendAsync(
                    new HandleIncomingMessageCommand(
                        AddressOf(user),
                        new Sender(user.UserId, user.UserName, IsVerifiedAgent: user.IsAgent),
                        DirectLineActivities.Text(activity),
                        DirectLineActivities.ValueJson(activity),
                        DirectLineActivities.Attachments(activity),
                        activityId,
                        DirectLineActivities.Locale(activity)),
                    cancellationToken);
                break;

            case "event" when DirectLineActivities.EventName(activity) == DirectLineActivities.JoinEventName:
                await GreetOnceAsync(user, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// The user's (or agent's) typing, shown to the other side of their live handoff if any. Best-effort: the client's
    /// post succeeds whatever happens here, so a failure is logged and not thrown.
    /// </summary>
    public async Task RelayTypingAsync(DirectLineToken user, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(new RelayTypingCommand(AddressOf(user), user.UserId), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A typing indicator on Direct Line was not relayed");
        }
    }

    /// <summary>Each command in its own scope; a lost write race is re-decided by the pipeline (ConcurrencyRetryBehavior).</summary>
    private async Task SendAsync(ICommand<Result> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
        if (result.IsFailure)
        {
            logger.LogInformation("{Command} on Direct Line was refused: {Code}", command.GetType().Name, result.Error.Code);
        }
    }
}
