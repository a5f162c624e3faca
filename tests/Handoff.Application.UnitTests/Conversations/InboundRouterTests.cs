using Handoff.Application.Agents.AcceptHandoff;
using Handoff.Application.Agents.AgentHelp;
using Handoff.Application.Agents.EndHandoff;
using Handoff.Application.Agents.FocusConversation;
using Handoff.Application.Agents.LoginAgent;
using Handoff.Application.Agents.SetAgentStatus;
using Handoff.Application.Agents.TellAgent;
using Handoff.Application.Agents.WhoAmI;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Common.Settings;
using Handoff.Application.Conversations.CancelHandoff;
using Handoff.Application.Conversations.EndChat;
using Handoff.Application.Conversations.HandleIncomingMessage;
using Handoff.Application.Conversations.Help;
using Handoff.Application.Conversations.KeepWaiting;
using Handoff.Application.Conversations.RelayMessage;
using Handoff.Application.Conversations.ReplyWithText;
using Handoff.Application.Conversations.RequestHandoff;
using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.UnitTests.Conversations;

/// <summary>The router's decision, given a situation: exactly the command the message means, no host, no database.</summary>
public sealed class InboundRouterTests
{
    private static readonly CommandCatalogue s_catalogue = CommandCatalogue.BuiltIn;
    private static readonly HandoffMessages s_messages = new();
    private static readonly AgentId s_agent = AgentId.New();
    private static readonly ConversationId s_conversation = ConversationId.New();
    private static readonly HandleIncomingMessageCommand s_message = new(
        new ChannelAddress("msteams", "a:1", "29:alice"), new Sender("29:alice", "Alice"), "ignored", null, [], "activity-1");

    [Theory]
    [InlineData("builtin/agent_connect", "connect 3f2a", "3f2a")]
    [InlineData("builtin/agent_connect", "connect", null)]
    public void AgentTypingConnect_AcceptsTheNamedOrNextUser(string scenario, string text, string? reference)
    {
        var decision = Decide(Agent(text, Match(scenario)));

        decision.Command.ShouldBe(new AcceptHandoffCommand(s_agent, reference));
    }

    [Fact]
    public void AgentPressingConnect_ReadsTheConversationIdFromTheCard()
    {
        var id = Guid.NewGuid().ToString();

        Decide(Agent("", submission: $$"""{"command":"connect","conversationId":"{{id}}"}""")).Command.ShouldBe(new AcceptHandoffCommand(s_agent, id));
    }

    [Fact]
    public void AgentPressingAFocusButton_ReadsTheConversationIdFromTheCard()
    {
        var id = Guid.NewGuid().ToString();

        Decide(Agent("", submission: $$"""{"command":"focus","conversationId":"{{id}}"}""")).Command.ShouldBe(new FocusConversationCommand(s_agent, id));
    }

    [Fact]
    public void AgentPlainText_WithSeveralUsersAndNoFocus_IsSentToNobody_AndAsksToChoose()
    {
        var situation = Agent("Your results are normal") with { MustChooseFocus = true };

        Decide(situation).Command.ShouldBe(new FocusConversationCommand(s_agent, null, NothingWasSent: true));
    }

    [Fact]
    public void AgentPlainText_GoesToTheFocusedConversation()
    {
        var focused = ConversationId.New();

        Decide(Agent("Hello", live: focused)).Command.ShouldBeOfType<RelayMessageCommand>().ConversationId.ShouldBe(focused);
    }

    [Fact]
    public void AgentPressingAway_ReadsTheStatusFromTheCard()
    {
        Decide(Agent("", submission: """{"command":"status","status":"away"}""")).Command.ShouldBe(new SetAgentStatusCommand(s_agent, "away"));
        Decide(Agent("status away", Match("builtin/agent_status"))).Command.ShouldBe(new SetAgentStatusCommand(s_agent, "away"));
    }

    [Fact]
    public void AgentCommands_AreDecidedFromTheirScenario()
    {
        Decide(Agent("help", Match("builtin/agent_help"))).Command.ShouldBe(new AgentHelpCommand(s_agent));
        Decide(Agent("whoami", Match("builtin/agent_whoami"))).Command.ShouldBe(new WhoAmICommand(s_agent));
        Decide(Agent("disconnect", Match("builtin/agent_disconnect"))).Command.ShouldBe(new EndHandoffCommand(s_agent));
        Decide(Agent("login", Match("builtin/agent_login"))).Command.ShouldBe(new LoginAgentCommand(s_message.Address, s_message.From));
    }

    [Fact]
    public void AgentPressingAnUnknownButton_IsToldSo()
    {
        Decide(Agent("", submission: """{"command":"teleport"}""")).Command
            .ShouldBe(new TellAgentCommand(s_message.Address, "Unknown command 'teleport'. Type *help* for the agent commands."));
    }

    [Fact]
    public void AgentWords_GoToTheLiveUser_OrGetTheFallback()
    {
        var live = ConversationId.New();

        Decide(Agent("hello there", live: live)).Command.ShouldBe(new RelayMessageCommand(live, RelayDirection.AgentToUser, "hello there", s_message.Attachments, null));
        Decide(Agent("hello there")).Command.ShouldBe(new TellAgentCommand(s_message.Address, s_messages.AgentFallback));
        Decide(Agent("open hours?", Match("custom/hours", reply: "9 to 5"))).Command.ShouldBe(new TellAgentCommand(s_message.Address, "9 to 5"));
    }

    [Fact]
    public void AgentScenario_TypedByAnAgent_NeverRunsAnEndUserCommand()
    {
        var live = ConversationId.New();

        Decide(Agent("i need an agent", Match("builtin/handoff"), live: live)).Command
            .ShouldBe(new RelayMessageCommand(live, RelayDirection.AgentToUser, "i need an agent", s_message.Attachments, null));
    }

    [Fact]
    public void UserWithTheBot_AsksForAPerson_GetsHelp_OrIsGreeted()
    {
        Decide(User("agent please", Match("builtin/handoff"))).Command.ShouldBe(new RequestHandoffCommand(s_conversation, "asked for an agent", 0, HandoffSource.EndUser));
        Decide(User("", submission: """{"command":"agent"}""")).Command.ShouldBe(new RequestHandoffCommand(s_conversation, "asked for an agent", 0, HandoffSource.EndUser));
        Decide(User("help", Match("builtin/help"))).Command.ShouldBe(new HelpCommand(s_conversation));
        Decide(User("hello", Match("builtin/greeting"))).Command.ShouldBe(new ReplyWithTextCommand(s_conversation, s_messages.Welcome));
    }

    [Fact]
    public void UserWithTheBot_UnknownWordsOrButtons_GetTheFallbackOrAreToldSo()
    {
        Decide(User("what is this")).Command.ShouldBe(new ReplyWithTextCommand(s_conversation, s_messages.Fallback));
        Decide(User("open hours?", Match("custom/hours", reply: "9 to 5"))).Command.ShouldBe(new ReplyWithTextCommand(s_conversation, "9 to 5"));
        Decide(User("", submission: """{"command":"teleport"}""")).Command.ShouldBe(new ReplyWithTextCommand(s_conversation, "Unknown command 'teleport'."));
        Decide(User("", submission: """{"command":"connect"}""")).Command.ShouldBe(new ReplyWithTextCommand(s_conversation, "Unknown command 'connect'."));
    }

    [Fact]
    public void Login_IsHeardFromSomeoneWhoIsNotAnAgentYet_OutsideAnyConversation()
    {
        var typed = User("login", Match("builtin/agent_login"));
        var pressed = User("", submission: """{"command":"login"}""", state: ConversationState.Waiting);

        InboundRouter.IsOutsideConversation(typed, s_catalogue).ShouldBeTrue();
        InboundRouter.IsOutsideConversation(pressed, s_catalogue).ShouldBeTrue();
        Decide(typed).Command.ShouldBe(new LoginAgentCommand(s_message.Address, s_message.From));
        Decide(pressed).Command.ShouldBe(new LoginAgentCommand(s_message.Address, s_message.From));
        InboundRouter.IsOutsideConversation(User("agent", Match("builtin/handoff")), s_catalogue).ShouldBeFalse();
    }

    [Fact]
    public void WaitingUser_CanLeaveOrAskAgain_EverythingElseIsKeptForTheAgent()
    {
        Decide(User("agent", Match("builtin/handoff"), state: ConversationState.Waiting)).Command.ShouldBe(new RequestHandoffCommand(s_conversation, "asked for an agent", 0, HandoffSource.EndUser));
        Decide(User("cancel", Match("builtin/handoff_cancel"), state: ConversationState.Waiting)).Command.ShouldBe(new CancelHandoffCommand(s_conversation));
        Decide(User("", submission: """{"command":"cancel"}""", state: ConversationState.Waiting)).Command.ShouldBe(new CancelHandoffCommand(s_conversation));
        Decide(User("help", Match("builtin/help"), state: ConversationState.Waiting)).Command.ShouldBe(new KeepWaitingCommand(s_conversation, "help", s_message.Attachments));
        Decide(User("end chat", Match("builtin/end_chat"), state: ConversationState.Waiting)).Command.ShouldBe(new KeepWaitingCommand(s_conversation, "end chat", s_message.Attachments));
    }

    [Fact]
    public void ConnectedUser_CanOnlyEndTheChat_EverythingElseIsRelayed()
    {
        Decide(User("end chat", Match("builtin/end_chat"), state: ConversationState.Connected)).Command.ShouldBe(new EndChatCommand(s_conversation));
        Decide(User("", submission: """{"command":"end chat"}""", state: ConversationState.Connected)).Command.ShouldBe(new EndChatCommand(s_conversation));
        Decide(User("cancel", Match("builtin/handoff_cancel"), state: ConversationState.Connected)).Command
            .ShouldBe(new RelayMessageCommand(s_conversation, RelayDirection.UserToAgent, "cancel", s_message.Attachments, null));
        Decide(User("login", Match("builtin/agent_login"), state: ConversationState.Connected)).Command
            .ShouldBe(new RelayMessageCommand(s_conversation, RelayDirection.UserToAgent, "login", s_message.Attachments, null));
    }

    private static Decision Decide(InboundSituation situation) => InboundRouter.Decide(situation, s_catalogue);

    private static InboundSituation Agent(string text, ScenarioMatch? match = null, string? submission = null, ConversationId? live = null) =>
        new(s_message with { ValueJson = submission }, text, CardSubmission.Parse(submission), match, s_messages, Agent: s_agent, LiveConversation: live);

    private static InboundSituation User(string text, ScenarioMatch? match = null, string? submission = null, ConversationState state = ConversationState.Bot) =>
        new(s_message with { ValueJson = submission }, text, CardSubmission.Parse(submission), match, s_messages, Conversation: s_conversation, State: state);

    private static ScenarioMatch Match(string scenarioId, string? reply = null)
    {
        var model = LanguageModel.Create(LanguageModelId.New(), "model", Audience.Any, [".*"], scenarioId, reply, enabled: true, builtIn: false, 0, DateTimeOffset.UnixEpoch);
        return new ScenarioMatch(scenarioId, 1, model.Value);
    }
}
