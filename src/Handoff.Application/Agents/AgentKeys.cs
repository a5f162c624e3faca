namespace Handoff.Application.Agents;

/// <summary>How an agent's channel account is keyed: the same person on another channel is another account.</summary>
public static class AgentKeys
{
    public static string For(string channelId, string userId) => $"{channelId}:{userId}";
}
