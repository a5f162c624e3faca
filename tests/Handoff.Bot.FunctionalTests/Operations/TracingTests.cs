using System.Diagnostics;
using Handoff.Application.Common.Observability;
using Handoff.Bot.FunctionalTests.DirectLine;
using Handoff.Infrastructure.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.Bot.FunctionalTests.Operations;

[Collection(TelemetryCollection.Name)]
public sealed class TracingTests
{
    /// <summary>The first host acknowledges but never delivers: its outbox dispatcher is not running.</summary>
    private static readonly Action<IServiceCollection> WithoutOutboxDispatcher = services =>
        services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(OutboxDispatcherService)));

    [Fact]
    public async Task Delivery_AcrossARestart_ContinuesTheInboundRequestsTrace()
    {
        await using var telemetry = await TelemetryHost.StartAsync(options => options.Services.Add(WithoutOutboxDispatcher));
        await using var user = await DirectLineTestClient.StartUserAsync(telemetry.Host.Client, "Jane Doe");
        await user.PostMessageAsync("agent", "u-agent");

        // Request → command → save, one trace.
        var useCase = Single(telemetry, s => s.OperationName == "HandleIncomingMessageCommand");
        var request = Single(telemetry, s => s.SpanId == useCase.ParentSpanId);
        request.Kind.ShouldBe(ActivityKind.Server);
        request.GetTagItem("http.request.method").ShouldBe("POST");
        Snapshot(telemetry).ShouldContain(s => s.OperationName == "db save" && s.TraceId == request.TraceId);
        Snapshot(telemetry).ShouldNotContain(s => s.OperationName.StartsWith("outbox deliver", StringComparison.Ordinal));

        telemetry.Host.Options.Services.Remove(WithoutOutboxDispatcher);
        await telemetry.RestartAsync();
        user.Http = telemetry.Host.Client;
        await user.ConnectAsync(reconnect: true);
        await user.WaitForTextAsync("number 1 in the queue");

        var delivery = Single(telemetry, s => s.OperationName == "outbox deliver directline" && s.TraceId == request.TraceId);
        var writer = Single(telemetry, s => s.SpanId == delivery.ParentSpanId);
        writer.Source.Name.ShouldBe(HandoffTelemetry.Name, "the use case (or a command it sent) that wrote the message, on the first host");
        delivery.GetTagItem(HandoffTelemetry.ChannelAttribute).ShouldBe("directline");
        delivery.GetTagItem(HandoffTelemetry.ConversationAttribute).ShouldBe($"directline:{user.ConversationId}");
        delivery.Tags.ShouldNotContain(t => t.Value != null && t.Value.Contains("queue", StringComparison.Ordinal), "no message text in spans");
    }

    private static List<Activity> Snapshot(TelemetryHost telemetry)
    {
        lock (telemetry.Spans)
        {
            return [.. telemetry.Spans];
        }
    }

    private static Activity Single(TelemetryHost telemetry, Func<Activity, bool> predicate) => Snapshot(telemetry).Where(predicate).ShouldHaveSingleItem();
}
