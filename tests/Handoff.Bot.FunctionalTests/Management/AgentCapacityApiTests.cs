using System.Net;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;

namespace Handoff.Bot.FunctionalTests.Management;

[Collection(ManagementCollection.Name)]
public sealed class AgentCapacityApiTests(ManagementHost host)
{
    [Fact]
    public async Task PutCapacity_SetsOneAgentsCapacity_NullFollowsTheDefault_AndIsAudited()
    {
        var name = "Agent " + Guid.NewGuid().ToString("N")[..6];
        var id = "agent_" + Guid.NewGuid().ToString("N")[..10];
        await host.SayAsync(new ChannelAddress("directline", "agent-conv-" + id, id), new Sender(id, name, IsVerifiedAgent: true), "login");
        var agentId = (await host.GetJsonAsync("api/management/agents")).AsArray().Single(a => a!["displayName"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();

        using var set = await host.PutAsync($"api/management/agents/{agentId}/capacity", new { capacity = 3 });
        var afterSet = (await host.GetJsonAsync("api/management/agents")).AsArray().Single(a => a!["id"]!.GetValue<string>() == agentId)!;
        using var cleared = await host.PutAsync($"api/management/agents/{agentId}/capacity", new { capacity = (int?)null });
        var afterClear = (await host.GetJsonAsync("api/management/agents")).AsArray().Single(a => a!["id"]!.GetValue<string>() == agentId)!;
        var audit = await host.GetJsonAsync("api/management/audit?type=AgentCapacityChanged&pageSize=200");

        set.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        afterSet["capacity"]!.GetValue<int>().ShouldBe(3);
        afterSet["capacityOverride"]!.GetValue<int>().ShouldBe(3);
        cleared.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        afterClear["capacity"]!.GetValue<int>().ShouldBe(1);
        afterClear["capacityOverride"].ShouldBeNull();
        audit["items"]!.AsArray().Count(r => r!["agentId"]?.GetValue<string>() == agentId).ShouldBe(2);
    }

    [Fact]
    public async Task PutCapacity_OutOfRangeOrUnknownAgent_Is400Or404()
    {
        using var zero = await host.PutAsync($"api/management/agents/{Guid.NewGuid()}/capacity", new { capacity = 0 });
        using var unknown = await host.PutAsync($"api/management/agents/{Guid.NewGuid()}/capacity", new { capacity = 2 });

        zero.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
