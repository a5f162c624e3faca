using System.Runtime.ExceptionServices;
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

    /// <summary>
    /// Stores the user's activity and hands it to the bot: a message as <see cref="HandleIncomingMessageCommand"/>,
    /// stored in the same transaction as the command's own save (<see cref="DirectLineStore.Stage"/>, ADR-041); the join
    /// event as a greeting, after the activity is stored. Answers the stored activity's id (null: its
    /// conversation was erased, or the database refused its sequence number). When the bot fails, the activity is
    /// stored all the same before the failure is thrown, as it was sent.
    /// </summary>
    public async Task<string?> DispatchAsync(DirectLineToken user, JsonObject activity, PreparedActivity echo, CancellationToken cancellationToken)
    {
        if (DirectLineActivities.TypeOf(activity) != "message")
        {
            if (await StoreAloneAsync(echo, cancellationToken) is not { } id)
            {
                return null;
            }

            if (DirectLineActivities.TypeOf(activity) == "event" && DirectLineActivities.EventName(activity) == DirectLineActivities.JoinEventName)
            {
                await GreetOnceAsync(user, cancellationToken);
            }

            return id;
        }

        var command = new HandleIncomingMessageCommand(
            AddressOf(user),
            new Sender(user.UserId, user.UserName, IsVerifiedAgent: user.IsAgent),
            DirectLineActivities.Text(activity),
            DirectLineActivities.ValueJson(activity),
            DirectLineActivities.Attachments(activity),
            // No activity id, so no idempotency check or marker: this channel gives each POST its id, so nothing that
            // arrives here can be a redelivery of an activity already processed (two SQL commands less per message).
            ActivityId: null,
            DirectLineActivities.Locale(activity));
        Exception? failed = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var staged = scope.ServiceProvider.GetRequiredService<DirectLineStore>().Stage(echo);
            try
            {
                await SendAsync(scope, command, cancellationToken);
            }
            catch (DirectLineAppendRefusedException)
            {
                // Nothing of the command was saved with it; storing it alone below answers whether it can be stored at all.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed = ex;
            }

            if (staged.StoredId is { } storedId)
            {
                if (failed is not null)
                {
                    ExceptionDispatchInfo.Throw(failed);
                }

                return storedId;
            }
        }

        // The bot saved nothing (it refused, or had nothing to keep) or failed: the user's activity is kept on its own.
        var stored = await StoreAloneAsync(echo, cancellationToken);
        if (failed is not null)
        {
            ExceptionDispatchInfo.Throw(failed);
        }

        return stored;
    }

    private async Task<string?> StoreAloneAsync(PreparedActivity echo, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectLineStore>().StoreAsync(echo, cancellationToken);
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
        await SendAsync(scope, command, cancellationToken);
    }

    private async Task SendAsync(AsyncServiceScope scope, ICommand<Result> command, CancellationToken cancellationToken)
    {
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
        if (result.IsFailure)
        {
            logger.LogInformation("{Command} on Direct Line was refused: {Code}", command.GetType().Name, result.Error.Code);
        }
    }
}
