using System.Diagnostics;
using Handoff.Application.Common.Observability;

namespace Handoff.Infrastructure.Observability;

/// <summary>
/// Measures each call to Microsoft Graph or the Bot Connector and makes it a client span carrying the conversation id
/// of the work it belongs to (from the enclosing use case or outbox delivery span). Only the method, host, status code
/// and ids are recorded: never the path (it holds user ids), the body or the token.
/// </summary>
public sealed class DependencyCallHandler(string dependency) : DelegatingHandler
{
    public const string Graph = "microsoft_graph";
    public const string BotConnector = "bot_connector";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var activity = HandoffTelemetry.Source.StartActivity($"{dependency} {request.Method.Method}", ActivityKind.Client);
        activity?.SetTag(HandoffTelemetry.DependencyAttribute, dependency);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("server.address", request.RequestUri?.Host);
        activity?.SetTag(HandoffTelemetry.ConversationAttribute, ConversationOfEnclosingWork(activity));

        var started = Stopwatch.GetTimestamp();
        var tags = new TagList
        {
            { HandoffTelemetry.DependencyAttribute, dependency },
            { "http.request.method", request.Method.Method },
        };
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            tags.Add("http.response.status_code", status);
            activity?.SetTag("http.response.status_code", status);
            if (status is 429 or >= 500)
            {
                tags.Add("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                activity?.SetStatus(ActivityStatusCode.Error);
                HandoffTelemetry.DependencyFailures.Add(1, tags);
            }

            return response;
        }
        catch (Exception ex)
        {
            tags.Add("error.type", ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            HandoffTelemetry.DependencyFailures.Add(1, tags);
            throw;
        }
        finally
        {
            HandoffTelemetry.DependencyDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static object? ConversationOfEnclosingWork(Activity? activity)
    {
        for (var current = activity?.Parent ?? Activity.Current; current is not null; current = current.Parent)
        {
            if (current.GetTagItem(HandoffTelemetry.ConversationAttribute) is { } conversation)
            {
                return conversation;
            }
        }

        return null;
    }
}
