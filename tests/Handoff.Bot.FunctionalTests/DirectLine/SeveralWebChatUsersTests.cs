using System.Text.Json.Nodes;
using Handoff.Bot.FunctionalTests.Operations;
using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>
/// One agent in the agent web chat serving several web chat users (issue 13), over real Kestrel and WebSockets: the
/// agent's text goes to the focused user only, to nobody without a focus, and follows the focus buttons the agent presses.
/// Every "did not arrive" is checked after something sent later to the same user did arrive.
/// </summary>
public sealed class SeveralWebChatUsersTests
{
    [Fact]
    public async Task AgentText_WithTwoUsers_ReachesOnlyTheFocusedUserAndFollowsTheFocusButtons()
    {
        await using var host = await StartAsync(capacity: 2);
        await using var agent = await LoginAgentAsync(host);
        await using var jane = await ConnectUserAsync(host, agent, "Jane Doe");
        await using var john = await ConnectUserAsync(host, agent, "John Roe");

        await agent.PostMessageAsync("for-john-1", "a-1");
        await john.WaitForTextAsync("for-john-1");

        await jane.PostMessageAsync("jane here", "j-1");
        await PressAsync(agent, FocusButton(await agent.WaitForTextAsync("jane here"), "Jane Doe"), "a-2");
        await agent.WaitForTextAsync("now go to Jane Doe");
        await agent.PostMessageAsync("for-jane-1", "a-3");
        await jane.WaitForTextAsync("for-jane-1");

        await john.PostMessageAsync("john here", "o-1");
        await PressAsync(agent, FocusButton(await agent.WaitForTextAsync("john here"), "John Roe"), "a-4");
        await agent.WaitForTextAsync("now go to John Roe");
        await agent.PostMessageAsync("for-john-2", "a-5");
        await john.WaitForTextAsync("for-john-2");

        await agent.PostMessageAsync("disconnect", "a-6");
        await john.WaitForTextAsync("back with the assistant");
        await agent.PostMessageAsync("for-jane-2", "a-7");
        await jane.WaitForTextAsync("for-jane-2");

        Texts(john).ShouldNotContain(t => t.Contains("for-jane", StringComparison.Ordinal));
        Texts(jane).ShouldNotContain(t => t.Contains("for-john", StringComparison.Ordinal));
        Texts(jane).ShouldNotContain(t => t.Contains("back with the assistant", StringComparison.Ordinal), "disconnect ended John only");
    }

    [Fact]
    public async Task AgentText_WithNoFocus_ReachesNobodyAndTheAgentGetsTheChooseCard()
    {
        await using var host = await StartAsync(capacity: 3);
        await using var agent = await LoginAgentAsync(host);
        await using var jane = await ConnectUserAsync(host, agent, "Jane Doe");
        await using var john = await ConnectUserAsync(host, agent, "John Roe");
        await using var ann = await ConnectUserAsync(host, agent, "Ann Poe");
        await agent.PostMessageAsync("disconnect", "a-1");
        await ann.WaitForTextAsync("back with the assistant");

        await agent.PostMessageAsync("nobody-should-see", "a-2");
        var choose = await agent.WaitForTextAsync("nothing was sent");
        await PressAsync(agent, FocusButton(choose, "John Roe"), "a-3");
        await agent.WaitForTextAsync("now go to John Roe");
        await agent.PostMessageAsync("for-john", "a-4");
        await john.WaitForTextAsync("for-john");
        await PressAsync(agent, FocusButton(choose, "Jane Doe"), "a-5");
        await agent.WaitForTextAsync("now go to Jane Doe");
        await agent.PostMessageAsync("for-jane", "a-6");
        await jane.WaitForTextAsync("for-jane");

        Texts(jane).ShouldNotContain(t => t.Contains("nobody-should-see", StringComparison.Ordinal));
        Texts(john).ShouldNotContain(t => t.Contains("nobody-should-see", StringComparison.Ordinal));
        Texts(ann).ShouldNotContain(t => t.Contains("nobody-should-see", StringComparison.Ordinal));
        Texts(john).ShouldNotContain(t => t.Contains("for-jane", StringComparison.Ordinal));
    }

    private static Task<TestHost> StartAsync(int capacity) => TestHost.StartAsync(options =>
    {
        options.Settings["AgentWebChat:AccessKeys:0"] = TelemetryHost.AgentKey;
        options.Settings["DirectLine:TokenRequestsPerMinute"] = "100";
        options.Settings["Handoff:Agents:Capacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture);
    });

    private static async Task<DirectLineTestClient> LoginAgentAsync(TestHost host)
    {
        var agent = await DirectLineTestClient.StartAgentAsync(host.Client, "Alice Agent", TelemetryHost.AgentKey);
        await agent.ConnectAsync();
        await agent.WaitForTextAsync("type *login*");
        await agent.PostMessageAsync("login", "a-login");
        await agent.WaitForTextAsync("signed in as an agent");
        return agent;
    }

    /// <summary>A new web chat user asks for an agent and the agent types <c>connect</c>: that user becomes the focus.</summary>
    private static async Task<DirectLineTestClient> ConnectUserAsync(TestHost host, DirectLineTestClient agent, string name)
    {
        var user = await DirectLineTestClient.StartUserAsync(host.Client, name);
        await user.ConnectAsync();
        await user.PostMessageAsync("agent", "u-agent");
        await user.WaitForTextAsync("in the queue");
        await agent.PostMessageAsync("connect", $"a-connect-{name}");
        await user.WaitForTextAsync("Alice Agent");
        await agent.WaitForTextAsync($"connected to {name}");
        return user;
    }

    /// <summary>The submit data of the focus button for <paramref name="userName"/> on a card the agent got.</summary>
    private static JsonObject FocusButton(JsonObject activity, string userName) =>
        JsonTree.Objects(activity)
            .First(a => (string?)a["type"] == "Action.Submit" && (string?)a["data"]?["command"] == "focus" && ((string?)a["title"])?.Contains(userName, StringComparison.Ordinal) == true)["data"]!
            .DeepClone().AsObject();

    /// <summary>Presses a button as Web Chat does: a message without text whose <c>value</c> is the button's data.</summary>
    private static Task<string> PressAsync(DirectLineTestClient agent, JsonObject data, string clientActivityId) =>
        agent.PostMessageAsync(string.Empty, clientActivityId, new JsonObject { ["value"] = data });

    private static List<string> Texts(DirectLineTestClient client) => [.. client.Received.Select(a => a.ToJsonString())];
}
