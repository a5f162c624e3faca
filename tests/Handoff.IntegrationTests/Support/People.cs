using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Domain.Common;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Support;

/// <summary>End users (web chat) and agents (Teams or agent web chat) talking to Handoff through the single inbound command.</summary>
public sealed class People(HandoffHarness harness)
{
    public const string Tenant = "5f1e2d3c-0000-4000-8000-000000000001";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        // Teams agent login is configured as a whole (tenant, app registration, agent group); the directory itself is faked at its port.
        var settings = new Dictionary<string, string?>
        {
            ["Teams:TenantId"] = Tenant,
            ["Teams:ClientId"] = "5f1e2d3c-0000-4000-8000-0000000000c1",
            ["Teams:ClientSecret"] = "not-a-real-secret",
            ["Teams:AgentGroupObjectId"] = "5f1e2d3c-0000-4000-8000-0000000000a9",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static ChannelAddress UserAddress(string user) => new("directline", $"conv-{user}", $"dl_{user}");

    public static ChannelAddress TeamsAddress(string agent) => new("msteams", $"a:{agent}", $"29:{agent}", "https://smba.example/teams/", "28:handoff-bot", Tenant);

    public static string EntraId(string agent) => new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(agent))).ToString();

    public Task<Result> User(string user, string text, string? activityId = null, string? valueJson = null, string? name = null, string? locale = null) =>
        harness.SendAsync(new HandleIncomingMessageCommand(UserAddress(user), new Sender($"dl_{user}", name ?? Name(user)), text, valueJson, [], activityId ?? Guid.NewGuid().ToString(), locale));

    public Task<Result> TeamsAgent(string agent, string text, string? valueJson = null, string tenant = Tenant, bool authenticated = true, string? locale = null) =>
        harness.SendAsync(new HandleIncomingMessageCommand(
            TeamsAddress(agent) with { TenantId = tenant },
            new Sender($"29:{agent}", Name(agent), EntraId(agent), tenant, IsAuthenticated: authenticated),
            text, valueJson, [], Guid.NewGuid().ToString(), locale));

    public Task<Result> WebAgent(string agent, string text, string? valueJson = null) =>
        harness.SendAsync(new HandleIncomingMessageCommand(
            new ChannelAddress("directline", $"agent-conv-{agent}", $"agent_{agent}"),
            new Sender($"agent_{agent}", Name(agent), IsVerifiedAgent: true),
            text, valueJson, [], Guid.NewGuid().ToString()));

    /// <summary>Makes <paramref name="agent"/> a member of the agent group and logs them in from Teams.</summary>
    public async Task LoginTeamsAgentAsync(string agent)
    {
        harness.Directory.AddMember(EntraId(agent), Name(agent));
        (await TeamsAgent(agent, "login")).IsSuccess.ShouldBeTrue();
    }

    /// <summary><paramref name="agent"/> logged in from Teams and connected to <paramref name="user"/>; everything said so far is delivered.</summary>
    public async Task ConnectedAsync(string agent = "alice", string user = "jane")
    {
        await LoginTeamsAgentAsync(agent);
        await User(user, "agent");
        await TeamsAgent(agent, "connect");
        await harness.DeliverAsync();
    }

    public static string Connect(Guid conversationId) => $$"""{"command":"connect","conversationId":"{{conversationId}}"}""";

    private static string Name(string key) => key switch
    {
        "jane" => "Jane Doe",
        "alice" => "Alice",
        "bob" => "Bob",
        _ => char.ToUpperInvariant(key[0]) + key[1..],
    };
}
