namespace Handoff.Application.Scenarios;

/// <summary>The built-in scenarios a language model can map to (product §4).</summary>
public static class ScenarioIds
{
    public const string AgentLogin = "builtin/agent_login";
    public const string AgentLogout = "builtin/agent_logout";
    public const string AgentList = "builtin/agent_list";
    public const string AgentConnect = "builtin/agent_connect";
    public const string AgentDisconnect = "builtin/agent_disconnect";
    public const string AgentMeeting = "builtin/agent_meeting";
    public const string AgentStatus = "builtin/agent_status";
    public const string AgentOptions = "builtin/agent_options";
    public const string AgentHelp = "builtin/agent_help";
    public const string AgentWhoAmI = "builtin/agent_whoami";
    public const string Handoff = "builtin/handoff";
    public const string HandoffCancel = "builtin/handoff_cancel";
    public const string EndChat = "builtin/end_chat";
    public const string Help = "builtin/help";
    public const string Greeting = "builtin/greeting";

    /// <summary>Custom scenarios reply with the model's configured text.</summary>
    public const string CustomPrefix = "custom/";

    public static readonly IReadOnlyList<string> BuiltIn =
    [
        AgentLogin, AgentLogout, AgentList, AgentConnect, AgentDisconnect, AgentMeeting, AgentStatus, AgentOptions, AgentHelp, AgentWhoAmI,
        Handoff, HandoffCancel, EndChat, Help, Greeting,
    ];

    public static bool IsKnown(string scenarioId) =>
        BuiltIn.Contains(scenarioId) || scenarioId.StartsWith(CustomPrefix, StringComparison.Ordinal);
}

/// <summary>The command names agent card buttons submit; the same words agents type.</summary>
public static class AgentCommands
{
    public const string Login = "login";
    public const string Logout = "logout";
    public const string List = "list";
    public const string Connect = "connect";
    public const string Disconnect = "disconnect";
    public const string Meeting = "meeting";
    public const string Status = "status";
    public const string Options = "options";
    public const string Help = "help";
    public const string WhoAmI = "whoami";
}

/// <summary>The command names end-user card buttons submit.</summary>
public static class UserCommands
{
    public const string Agent = "agent";
    public const string Cancel = "cancel";
    public const string EndChat = "end chat";
    public const string Help = "help";
}
