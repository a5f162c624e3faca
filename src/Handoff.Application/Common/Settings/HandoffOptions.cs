namespace Handoff.Application.Common.Settings;

/// <summary>The <c>Handoff</c> configuration section: the switch, the texts, the timeouts and the capacity.</summary>
public sealed class HandoffOptions
{
    public const string SectionName = "Handoff";

    /// <summary>Master switch: when off, asking for an agent answers <see cref="HandoffMessages.HandoffDisabled"/>.</summary>
    public bool Enabled { get; set; } = true;

    public HandoffMessages Messages { get; set; } = new();

    public HandoffTimeouts Timeouts { get; set; } = new();

    public AgentSettings Agents { get; set; } = new();

    public LanguageModelSettings LanguageModels { get; set; } = new();

    public QueueSettings Queue { get; set; } = new();

    public TypingSettings Typing { get; set; } = new();
}

public sealed class HandoffTimeouts
{
    /// <summary>A waiting user goes back to the bot after this long without an agent.</summary>
    public TimeSpan Queue { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A live conversation ends after the user is silent this long.</summary>
    public TimeSpan User { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A live conversation ends after the agent is silent this long.</summary>
    public TimeSpan Agent { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How often the server looks for expired queues and silent conversations.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class AgentSettings
{
    /// <summary>Concurrent live conversations per agent.</summary>
    public int Capacity { get; set; } = 1;
}

public sealed class LanguageModelSettings
{
    /// <summary>Below this confidence nothing matches and the fallback reply is sent.</summary>
    public double Threshold { get; set; } = 0.1;
}

public sealed class QueueSettings
{
    /// <summary>The estimated wait shown while there is no recent handoff to take the median of.</summary>
    public TimeSpan DefaultEstimatedWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many recent transcript entries a connecting agent is shown.</summary>
    public int RecentTranscriptCount { get; set; } = 10;
}

public sealed class TypingSettings
{
    /// <summary>
    /// At most one relayed typing indicator per conversation and direction in this interval (Web Chat shows one for about
    /// five seconds, and its clients send one every few seconds while typing); zero relays every one.
    /// </summary>
    public TimeSpan RelayInterval { get; set; } = TimeSpan.FromSeconds(3);
}
