using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Conversations;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams.AgentChannel;

/// <summary>
/// The Bot Framework host with the Teams channel mode configured (issue 14): a team and its agents channel. Agents
/// may serve two users at once, so threads of two users can be served by one agent.
/// </summary>
public class AgentChannelFixture : BotFrameworkFixture
{
    public const string TeamId = "19:handoff-team-0001@thread.tacv2";
    public const string ChannelId = "19:handoff-agents-0002@thread.tacv2";

    private static int s_sequence;

    protected override void Configure(TestHostOptions options)
    {
        options.Settings["Teams:AgentChannel:TeamId"] = TeamId;
        options.Settings["Teams:AgentChannel:ChannelId"] = ChannelId;
        options.Settings["Handoff:Agents:Capacity"] = "2";
    }

    /// <summary>The app is installed in the team: Teams posts a conversationUpdate carrying <c>channelData.team</c>.</summary>
    public Task InstallInTeamAsync() => SendAsync(new JsonObject
    {
        ["type"] = "conversationUpdate",
        ["id"] = $"install:{Interlocked.Increment(ref s_sequence)}",
        ["serviceUrl"] = ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:installer", ["aadObjectId"] = Guid.NewGuid().ToString() },
        ["conversation"] = new JsonObject { ["id"] = TeamId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TenantId },
        ["recipient"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "Handoff" },
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Activities.BotId }),
        ["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Patient support" },
            ["eventType"] = "teamMemberAdded",
            ["tenant"] = new JsonObject { ["id"] = TenantId },
        },
    });

    /// <summary>A channel member writes in a thread (or presses a button there): a channel-scope message that @mentions the bot.</summary>
    public static JsonObject ThreadMessage(string serviceUrl, TeamsPerson from, string threadId, string? text, object? value = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"t:{Interlocked.Increment(ref s_sequence)}",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = from.Id, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["conversation"] = new JsonObject { ["id"] = threadId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = from.TenantId },
            ["recipient"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "Handoff" },
            ["text"] = text is null ? null : $"<at>Handoff</at> {text}",
            ["locale"] = "en-US",
            ["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "Handoff" },
                ["text"] = "<at>Handoff</at>",
            }),
            ["channelData"] = new JsonObject
            {
                ["team"] = new JsonObject { ["id"] = TeamId },
                ["channel"] = new JsonObject { ["id"] = ChannelId },
                ["tenant"] = new JsonObject { ["id"] = from.TenantId },
            },
        };
        if (value is not null)
        {
            activity["value"] = JsonSerializer.SerializeToNode(value);
        }

        return activity;
    }

    /// <summary>An end user on Web Chat through Azure Bot Service.</summary>
    public JsonObject UserSays(string conversationId, string name, string text) =>
        Activities.WebChatMessage(ServiceUrl, "user-" + conversationId, name, conversationId, text);

    /// <summary>The end user's conversation, as stored now.</summary>
    public async Task<Conversation> ConversationAsync(string userConversationId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var conversation = await scope.ServiceProvider.GetRequiredService<IConversationRepository>().FindByAddressAsync("webchat", userConversationId, TestContext.Current.CancellationToken);
        return conversation.ShouldNotBeNull();
    }

    /// <summary>The user asks for an agent; answers the successful creation of their (new) thread in the agents channel.</summary>
    public async Task<ConnectorRequest> AskForAgentAsync(string userConversationId, string name)
    {
        var earlier = Connector.Requests.Where(FakeBotConnector.IsThreadCreation).ToList();
        await SendAsync(UserSays(userConversationId, name, "I want to talk to an agent"));
        var id = (await ConversationAsync(userConversationId)).Id.Value.ToString();
        return await Connector.WaitForAsync(r => FakeBotConnector.IsThreadCreation(r) && r.Succeeded && r.Body.GetRawText().Contains(id, StringComparison.Ordinal) &&
                                                 !earlier.Any(e => ReferenceEquals(e, r)));
    }

    /// <summary>A member of the agents channel who is in the agent group.</summary>
    public TeamsPerson NewAgent(string name)
    {
        var person = Activities.NewTeamsPerson(name);
        Directory.AddMember(person.AadObjectId, person.Name);
        return person;
    }

    public static string ThreadIdOf(ConnectorRequest creation) => creation.ReturnedId.ShouldNotBeNull();

    /// <summary>The data of the thread's Connect button, from the opening card.</summary>
    public static JsonObject ConnectData(ConnectorRequest creation) =>
        Activities.SubmitData(creation.Body.GetProperty("activity").GetProperty("attachments")[0].GetProperty("content").GetRawText(), "connect");

    /// <summary>Presses Connect in the thread and waits until the thread says who took the user.</summary>
    public async Task ConnectInThreadAsync(TeamsPerson agent, ConnectorRequest creation)
    {
        await SendAsync(ThreadMessage(ServiceUrl, agent, ThreadIdOf(creation), null, ConnectData(creation)));
        await Connector.WaitForAsync(r => r.ConversationId == ThreadIdOf(creation) && r.IsSend && r.Succeeded && (r.Text ?? string.Empty).StartsWith($"{agent.Name} is now chatting with", StringComparison.Ordinal));
    }
}
