using Handoff.Application.Agents.ConnectFromThread;
using Handoff.Application.Agents.EndHandoff;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Application.Conversations.RelayMessage;
using Handoff.Application.Conversations.TellThreadBystander;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.UnitTests.Conversations;

/// <summary>Teams channel mode (issue 14): what a message in a user's thread of the agent channel means.</summary>
public sealed class InboundRouterThreadTests
{
    private static readonly ConversationId s_user = ConversationId.New();
    private static readonly AgentId s_agent = AgentId.New();
    private static readonly HandleIncomingMessageCommand s_message = new(
        new ChannelAddress("msteams", "19:agents@thread.tacv2;messageid=17", "29:kim"), new Sender("29:kim", "Kim"), "hello", null, [], "activity-1", InChannel: true);

    [Fact]
    public void ConnectPress_InAThread_IsAClaimFromTheThread()
    {
        var decision = InboundRouter.DecideInThread(Situation("", agent: null), CommandCatalogue.BuiltIn, isConnectPress: true);

        decision.Command.ShouldBe(new ConnectFromThreadCommand(s_user, s_message.Address, s_message.From, null));
    }

    [Fact]
    public void ServingAgentText_InAThread_IsRelayedToThatUser()
    {
        var decision = InboundRouter.DecideInThread(Situation("hello", s_agent), CommandCatalogue.BuiltIn, isConnectPress: false);

        decision.Command.ShouldBeOfType<RelayMessageCommand>().ConversationId.ShouldBe(s_user);
    }

    [Fact]
    public void ServingAgentDisconnect_InAThread_EndsTheFocusedUser()
    {
        var decision = InboundRouter.DecideInThread(Situation("disconnect", s_agent, Match("builtin/agent_disconnect")), CommandCatalogue.BuiltIn, isConnectPress: false);

        decision.Command.ShouldBe(new EndHandoffCommand(s_agent, null));
    }

    [Fact]
    public void OtherMemberText_InAThread_IsNotRelayed()
    {
        var decision = InboundRouter.DecideInThread(Situation("I know this patient", agent: null), CommandCatalogue.BuiltIn, isConnectPress: false);

        decision.Command.ShouldBe(new TellThreadBystanderCommand(s_user, s_message.Address, "29:kim"));
    }

    private static InboundSituation Situation(string text, AgentId? agent, ScenarioMatch? match = null) =>
        new(s_message with { Text = text }, text, null, match, new HandoffMessages(),
            Agent: agent, LiveConversation: agent is null ? null : s_user, Conversation: s_user, State: ConversationState.Connected);

    private static ScenarioMatch Match(string scenarioId)
    {
        var model = LanguageModel.Create(LanguageModelId.New(), "model", Audience.Any, [".*"], scenarioId, null, enabled: true, builtIn: false, 0, DateTimeOffset.UnixEpoch);
        return new ScenarioMatch(scenarioId, 1, model.Value);
    }
}
