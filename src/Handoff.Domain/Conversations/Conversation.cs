using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations.Events;

namespace Handoff.Domain.Conversations;

/// <summary>
/// One end user's conversation on one channel, and its handoff to a live agent.
/// States: Bot → Waiting (requested) → Connected (one agent won) → Bot (ended); Waiting → Bot (cancelled or timed out).
/// </summary>
public sealed class Conversation : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 500;

    /// <summary>"Still waiting" replies are sent at most this often, so a chatty user is not flooded.</summary>
    public static readonly TimeSpan WaitingNoticeInterval = TimeSpan.FromMinutes(1);

    private readonly List<MeetingRecord> _meetings = [];

    private Conversation()
    {
        Address = null!;
        UserName = string.Empty;
        ShortId = string.Empty;
    }

    private Conversation(ConversationId id, ChannelAddress address, string userName, DateTimeOffset now)
    {
        Id = id;
        ShortId = id.Short;
        Address = address;
        UserName = Truncate(userName, MaxNameLength);
        State = ConversationState.Bot;
        CreatedAt = now;
        LastActivityAt = now;
    }

    public ConversationId Id { get; private set; }

    /// <summary>The id agents type after <c>connect</c>.</summary>
    public string ShortId { get; private set; }

    public ChannelAddress Address { get; private set; }

    public string UserName { get; private set; }

    public ConversationState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }

    public HandoffSource? Source { get; private set; }

    public DateTimeOffset? RequestedAt { get; private set; }

    /// <summary>Higher is served first; equal priorities are served in request order.</summary>
    public int Priority { get; private set; }

    public string? Reason { get; private set; }

    public AgentId? AgentId { get; private set; }

    public string? AgentName { get; private set; }

    public DateTimeOffset? ConnectedAt { get; private set; }

    public DateTimeOffset? LastUserMessageAt { get; private set; }

    public DateTimeOffset? LastAgentMessageAt { get; private set; }

    public DateTimeOffset? LastWaitingNoticeAt { get; private set; }

    public IReadOnlyList<MeetingRecord> Meetings => _meetings;

    /// <summary>The end user's language tag, from their last activity that carried one; what they are told later is said in it.</summary>
    public string? Locale { get; private set; }

    /// <summary>
    /// Teams channel mode: the key of the thread opened for the current (or last) handoff in the agent channel, null
    /// when none was. It names the thread's messages in the outbox until Teams has said the thread's id (ADR-037).
    /// </summary>
    public string? AgentThreadKey { get; private set; }

    /// <summary>The Teams conversation id of that thread (<c>19:...;messageid=...</c>) once it exists: inbound messages there are about this user.</summary>
    public string? AgentThreadId { get; private set; }

    /// <summary>The agent connected from the thread: the user's messages go to the thread instead of the agent's 1:1 chat.</summary>
    public bool ServedInThread { get; private set; }

    public static Conversation Start(ConversationId id, ChannelAddress address, string? userName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(address);
        var name = string.IsNullOrWhiteSpace(userName) ? $"User {id.Short}" : userName.Trim();
        return new Conversation(id, address, name, now);
    }

    /// <summary>The user (or an upstream bot) asks for an agent. Only from the bot state, and only while handoff is enabled.</summary>
    public Result RequestHandoff(bool handoffEnabled, HandoffSource source, string? reason, int priority, DateTimeOffset now)
    {
        if (State == ConversationState.Waiting)
        {
            return ConversationErrors.AlreadyWaiting;
        }

        if (State == ConversationState.Connected)
        {
            return ConversationErrors.AlreadyConnected;
        }

        if (!handoffEnabled)
        {
            return ConversationErrors.HandoffDisabled;
        }

        State = ConversationState.Waiting;
        Source = source;

        // A thread of an earlier handoff is closed; this one gets its own, if the agent channel is in use.
        AgentThreadKey = null;
        AgentThreadId = null;
        ServedInThread = false;
        RequestedAt = now;
        ConnectedAt = null;
        Priority = priority;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : Truncate(reason.Trim(), MaxReasonLength);
        LastWaitingNoticeAt = now;
        LastActivityAt = now;
        Raise(new HandoffRequestedDomainEvent(Id, source, Reason, priority, now));
        return Result.Success();
    }

    /// <summary>A thread was asked for in the agent channel for this handoff; the one of an earlier handoff is forgotten.</summary>
    public void OpenAgentThread(string threadKey)
    {
        AgentThreadKey = threadKey;
        AgentThreadId = null;
        ServedInThread = false;
    }

    /// <summary>Teams created the thread: kept only if it is still this handoff's (a late answer for an earlier one changes nothing).</summary>
    public bool AttachAgentThread(string threadKey, string threadId)
    {
        if (AgentThreadKey != threadKey || State == ConversationState.Bot)
        {
            return false;
        }

        AgentThreadId = threadId;
        return true;
    }

    /// <summary>The connected agent works from the thread (they pressed Connect there).</summary>
    public void ServeInThread()
    {
        if (State == ConversationState.Connected && AgentThreadKey is not null)
        {
            ServedInThread = true;
        }
    }

    /// <summary>True while an agent-channel thread is this live handoff's conversation.</summary>
    public bool HasLiveAgentThread => AgentThreadKey is not null && State != ConversationState.Bot;

    /// <summary>The user leaves the queue.</summary>
    public Result CancelHandoff(DateTimeOffset now)
    {
        if (State != ConversationState.Waiting)
        {
            return ConversationErrors.NotWaiting;
        }

        BackToBot(now);
        Raise(new HandoffCancelledDomainEvent(Id, now));
        return Result.Success();
    }

    /// <summary>True when the user has waited for at least the queue timeout.</summary>
    public bool HasWaitedTooLong(TimeSpan queueTimeout, DateTimeOffset now) =>
        State == ConversationState.Waiting && now - RequestedAt!.Value >= queueTimeout;

    /// <summary>Nobody connected within the queue timeout: the user goes back to the bot.</summary>
    public Result ExpireInQueue(TimeSpan queueTimeout, DateTimeOffset now)
    {
        if (State != ConversationState.Waiting)
        {
            return ConversationErrors.NotWaiting;
        }

        if (!HasWaitedTooLong(queueTimeout, now))
        {
            throw new InvalidOperationException("The queue timeout has not passed yet.");
        }

        var waited = now - RequestedAt!.Value;
        BackToBot(now);
        Raise(new HandoffTimedOutDomainEvent(Id, waited, now));
        return Result.Success();
    }

    /// <summary>An agent claims the waiting user. Only one agent can win: the second sees who took it.</summary>
    internal Result Connect(AgentId agentId, string agentName, DateTimeOffset now)
    {
        if (State == ConversationState.Connected)
        {
            return ConversationErrors.AlreadyTaken(UserName, AgentName!);
        }

        if (State != ConversationState.Waiting)
        {
            return ConversationErrors.NoLongerWaiting(UserName);
        }

        var waited = now - RequestedAt!.Value;
        State = ConversationState.Connected;
        AgentId = agentId;
        AgentName = agentName;
        ConnectedAt = now;
        LastUserMessageAt = now;
        LastAgentMessageAt = now;
        LastActivityAt = now;
        Raise(new AgentConnectedDomainEvent(Id, agentId, agentName, waited, now));
        return Result.Success();
    }

    /// <summary>The live conversation passes from its agent to <paramref name="agentId"/>, never leaving the user with none.</summary>
    internal Result TransferTo(AgentId agentId, string agentName, DateTimeOffset now)
    {
        if (State != ConversationState.Connected)
        {
            return ConversationErrors.NotConnected;
        }

        var (fromId, fromName) = (AgentId!.Value, AgentName!);
        AgentId = agentId;
        AgentName = agentName;
        LastAgentMessageAt = now;
        LastActivityAt = now;
        // The new agent may work from their 1:1 chat: the user's messages go there again (and still to the thread).
        ServedInThread = false;
        Raise(new HandoffTransferredDomainEvent(Id, fromId, fromName, agentId, agentName, now));
        return Result.Success();
    }

    /// <summary>
    /// The agent hands the live user back to the queue, at its head: the priority is raised to
    /// <paramref name="headPriority"/> when that is higher, and the original request time is kept.
    /// </summary>
    internal Result ReturnToQueue(int headPriority, DateTimeOffset now)
    {
        if (State != ConversationState.Connected)
        {
            return ConversationErrors.NotConnected;
        }

        var (fromId, fromName) = (AgentId!.Value, AgentName!);
        State = ConversationState.Waiting;
        AgentId = null;
        AgentName = null;
        ConnectedAt = null;
        ServedInThread = false;
        Priority = Math.Max(Priority, headPriority);
        LastWaitingNoticeAt = now;
        LastActivityAt = now;
        Raise(new HandoffReturnedToQueueDomainEvent(Id, fromId, fromName, Priority, now));
        return Result.Success();
    }

    /// <summary>How long the current (or last) handoff waited in the queue before an agent connected.</summary>
    public TimeSpan? WaitedBeforeConnect => ConnectedAt - RequestedAt;

    /// <summary>A live conversation ends for <paramref name="reason"/>; the user is back with the bot.</summary>
    internal Result End(EndReason reason, DateTimeOffset now)
    {
        if (State != ConversationState.Connected)
        {
            return ConversationErrors.NotConnected;
        }

        var (agentId, agentName) = (AgentId!.Value, AgentName!);
        BackToBot(now);
        Raise(new HandoffEndedDomainEvent(Id, agentId, agentName, reason, now));
        return Result.Success();
    }

    /// <summary>True while <paramref name="agentId"/> is the agent of this live conversation.</summary>
    public bool IsConnectedTo(AgentId agentId) => State == ConversationState.Connected && AgentId == agentId;

    /// <summary>Which inactivity timeout, if any, ends this live conversation now. The user's silence is checked first.</summary>
    public EndReason? InactivityEndDue(TimeSpan userTimeout, TimeSpan agentTimeout, DateTimeOffset now)
    {
        if (State != ConversationState.Connected)
        {
            return null;
        }

        if (now - LastUserMessageAt!.Value >= userTimeout)
        {
            return EndReason.UserInactive;
        }

        return now - LastAgentMessageAt!.Value >= agentTimeout ? EndReason.AgentInactive : null;
    }

    /// <summary>Records a message from the user. While waiting it is kept for the agent; while connected it also resets the user's inactivity clock.</summary>
    public TranscriptEntry RecordUserMessage(string text, string? attachmentsJson, DateTimeOffset now)
    {
        LastActivityAt = now;
        if (State == ConversationState.Connected)
        {
            LastUserMessageAt = now;
        }

        Touch();
        return new TranscriptEntry(Id, TranscriptSender.User, UserName, text, attachmentsJson, now);
    }

    /// <summary>Records a message from the connected agent.</summary>
    public TranscriptEntry RecordAgentMessage(AgentId agentId, string text, string? attachmentsJson, DateTimeOffset now)
    {
        if (!IsConnectedTo(agentId))
        {
            throw new InvalidOperationException("Only the connected agent can write to this conversation.");
        }

        LastAgentMessageAt = now;
        LastActivityAt = now;
        Touch();
        return new TranscriptEntry(Id, TranscriptSender.Agent, AgentName!, text, attachmentsJson, now);
    }

    /// <summary>
    /// Imports a message from the transcript an upstream bot handed over (<c>handoff.initiate</c>), keeping its original
    /// sender and time. Only before the handoff is requested, so imported history never mixes with the live conversation.
    /// </summary>
    public TranscriptEntry ImportTranscriptEntry(TranscriptSender sender, string? senderName, string text, DateTimeOffset at)
    {
        if (State != ConversationState.Bot)
        {
            throw new InvalidOperationException("A transcript can only be imported before the handoff is requested.");
        }

        var name = string.IsNullOrWhiteSpace(senderName) ? (sender == TranscriptSender.User ? UserName : "Bot") : Truncate(senderName.Trim(), MaxNameLength);
        return new TranscriptEntry(Id, sender, name, text, null, at);
    }

    /// <summary>Records what the bot said to the user, so the agent sees the whole story.</summary>
    public TranscriptEntry RecordBotMessage(string text, DateTimeOffset now) =>
        new(Id, TranscriptSender.Bot, "Bot", text, null, now);

    /// <summary>True when a waiting user who writes again should be reminded of their position (at most once a <see cref="WaitingNoticeInterval"/>).</summary>
    public bool TakeWaitingNoticeSlot(DateTimeOffset now)
    {
        if (State != ConversationState.Waiting || now - LastWaitingNoticeAt < WaitingNoticeInterval)
        {
            return false;
        }

        LastWaitingNoticeAt = now;
        Touch();
        return true;
    }

    /// <summary>A meeting can be recorded only for the agent connected right now.</summary>
    public Result RecordMeeting(AgentId agentId, string joinUrl, string meetingId, string organizerObjectId, bool defaultOrganizerUsed, DateTimeOffset now)
    {
        if (!IsConnectedTo(agentId))
        {
            return ConversationErrors.NotConnected;
        }

        _meetings.Add(new MeetingRecord(joinUrl, meetingId, organizerObjectId, defaultOrganizerUsed, agentId, now));
        Raise(new MeetingCreatedDomainEvent(Id, agentId, organizerObjectId, defaultOrganizerUsed, now));
        return Result.Success();
    }

    /// <summary>The address is refreshed from every inbound activity (a Bot Framework service URL can move).</summary>
    /// <summary>Keeps the locale of the user's latest activity; an activity without one (or with a malformed one) changes nothing.</summary>
    public void UseLocale(string? locale)
    {
        if (LocaleTag.IsValid(locale))
        {
            Locale = locale;
        }
    }

    public void UpdateAddress(ChannelAddress address, string? userName)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address != Address)
        {
            Address = address with { ServiceUrl = address.ServiceUrl ?? Address.ServiceUrl };
            Touch();
        }

        if (!string.IsNullOrWhiteSpace(userName) && userName.Trim() != UserName)
        {
            UserName = Truncate(userName.Trim(), MaxNameLength);
            Touch();
        }
    }

    private void BackToBot(DateTimeOffset now)
    {
        State = ConversationState.Bot;
        AgentId = null;
        AgentName = null;
        LastActivityAt = now;
    }

    private static string Truncate(string value, int max) => value.Length > max ? value[..max] : value;
}
