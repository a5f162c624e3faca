using System.Diagnostics;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Observability;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Bot.FunctionalTests.Graph;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Observability;
using Handoff.TestSupport;
using Handoff.TestSupport.FakeGraph;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Operations;

[Collection(TelemetryCollection.Name)]
public sealed class DependencyTelemetryTests
{
    [Fact]
    public async Task GraphCall_IsAClientSpanWithTheConversation_AndIsMeasured()
    {
        await using var graph = await FakeGraphServer.StartAsync();
        graph.AddUser(GraphScenario.Alice, "Alice Anders", "alice@contoso.test");
        graph.AddGroup(GraphScenario.AgentGroup, GraphScenario.Alice);
        await using var telemetry = await TelemetryHost.StartAsync(options =>
        {
            options.UseFakeGraph(graph, GraphScenario.AgentGroup, new FakeGraphCredentialFactory());
            options.Services.Add(services => services.ReplaceChannelSender(new RecordingChannelSender(), ChannelSenders.BotConnector));
        });

        var address = GraphScenario.TeamsAddress("alice");
        await using (var scope = telemetry.Host.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                new HandleIncomingMessageCommand(
                    address,
                    new Sender("29:alice", "Alice Anders", EntraObjectId: GraphScenario.Alice, TenantId: FakeGraphHostExtensions.TenantId, IsAuthenticated: true),
                    "login", null, [], "login-1"),
                TestContext.Current.CancellationToken);
            result.IsSuccess.ShouldBeTrue(result.IsFailure ? result.Error.ToString() : null);
        }

        List<Activity> spans;
        lock (telemetry.Spans)
        {
            spans = [.. telemetry.Spans];
        }

        var calls = spans.Where(s => s.GetTagItem(HandoffTelemetry.DependencyAttribute) as string == DependencyCallHandler.Graph).ToList();
        calls.ShouldNotBeEmpty("the membership check goes to Microsoft Graph");
        calls.ShouldAllBe(s => s.Kind == ActivityKind.Client && (string?)s.GetTagItem(HandoffTelemetry.ConversationAttribute) == address.Key);
        calls.ShouldAllBe(s => s.TraceId == spans.Single(u => u.OperationName == "HandleIncomingMessageCommand").TraceId);
        calls.ShouldAllBe(s => s.Tags.All(t => !t.Key.StartsWith("url", StringComparison.Ordinal)), "no URL (it holds user ids)");

        var metrics = await telemetry.CollectAsync();
        metrics.HistogramCount("handoff.dependency.duration", HandoffTelemetry.DependencyAttribute, DependencyCallHandler.Graph).ShouldBe(calls.Count);
        metrics.Sum("handoff.dependency.failures").ShouldBe(0);
    }
}
