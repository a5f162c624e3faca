using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Handoff.Application.Common.Observability;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Microsoft.Extensions.Logging;

namespace Handoff.Application.Common.Behaviors;

/// <summary>
/// One span per use case (a child of the HTTP request's span, so an inbound activity is one trace: request → command
/// → save) and a logging scope naming the conversation, so every log line of the use case carries both the trace id
/// and the conversation. Only ids are recorded, never message text.
/// </summary>
public sealed class TracingBehavior<TMessage, TResponse>(ILogger<TracingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var useCase = typeof(TMessage).Name;
        var conversation = ConversationOf.Read(message);
        using var activity = HandoffTelemetry.Source.StartActivity(useCase);
        activity?.SetTag(HandoffTelemetry.UseCaseAttribute, useCase);
        activity?.SetTag(HandoffTelemetry.ConversationAttribute, conversation);
        using var scope = conversation is null ? null : logger.BeginScope(new Dictionary<string, object> { ["ConversationId"] = conversation });
        try
        {
            var response = await next(message, cancellationToken);
            if (response is Result { IsFailure: true } refused)
            {
                activity?.SetTag("handoff.refusal", refused.Error.Code);
            }

            return response;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity?.SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }

    /// <summary>
    /// The conversation a command is about, found once per command type: a <see cref="ConversationId"/> property or a
    /// <see cref="ChannelAddress"/> (whose channel conversation id is used). Commands about agents have neither.
    /// </summary>
    private static class ConversationOf
    {
        private static readonly ConcurrentDictionary<Type, Func<object, string?>> s_readers = new();

        public static string? Read(object message) => s_readers.GetOrAdd(message.GetType(), Build)(message);

        private static Func<object, string?> Build(Type type)
        {
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            if (properties.FirstOrDefault(p => p.PropertyType == typeof(ConversationId)) is { } id)
            {
                return message => id.GetValue(message) is ConversationId value ? value.Value.ToString() : null;
            }

            if (properties.FirstOrDefault(p => p.PropertyType == typeof(ChannelAddress)) is { } address)
            {
                return message => (address.GetValue(message) as ChannelAddress)?.Key;
            }

            return _ => null;
        }
    }
}
