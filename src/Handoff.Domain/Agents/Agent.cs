using Handoff.Domain.Agents.Events;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Domain.Agents;

/// <summary>
/// A person authorized to act as an agent: who they are on the channel (and in Entra ID), their presence, their capacity,
/// and where to write to them proactively.
/// </summary>
public sealed class Agent : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int DefaultCapacity = 1;

    /// <summary>The most live conversations one agent may hold (contact centres stop around ten).</summary>
    public const int MaxCapacity = 20;

    private readonly List<Guid> _connectedConversations = [];

    private Guid? _focusedConversation;

    private Agent()
    {
        ChannelAccountKey = string.Empty;
        DisplayName = string.Empty;
    }

    private Agent(AgentId id, string channelAccountKey, string? entraObjectId, string displayName, DateTimeOffset now)
    {
        Id = id;
        ChannelAccountKey = channelAccountKey;
        EntraObjectId = entraObjectId;
        DisplayName = displayName;
        Status = AgentStatus.LoggedOut;
        Capacity = DefaultCapacity;
        LastSeenAt = now;
    }

    public AgentId Id { get; private set; }

    /// <summary>The channel account (<c>channel:userId</c>) this agent speaks from.</summary>
    public string ChannelAccountKey { get; private set; }

    /// <summary>The Entra ID object id, for Teams agents; web chat agents have none.</summary>
    public string? EntraObjectId { get; private set; }

    public string DisplayName { get; private set; }

    public string? Email { get; private set; }

    public AgentStatus Status { get; private set; }

    /// <summary>How many live conversations the agent may hold: <see cref="CapacityOverride"/> when set, else the global default at login.</summary>
    public int Capacity { get; private set; }

    /// <summary>The capacity an administrator set for this agent; null follows the global default (<c>Handoff:Agents:Capacity</c>).</summary>
    public int? CapacityOverride { get; private set; }

    /// <summary>Where to send this agent proactive messages (new waiting users, relayed messages).</summary>
    public ChannelAddress? Address { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>The agent's language tag, from their last activity that carried one; what they are told is said in it.</summary>
    public string? Locale { get; private set; }

    /// <summary>When the agent last logged in, which is when their rights were last checked (by the directory, for Teams agents).</summary>
    public DateTimeOffset? AuthorizedAt { get; private set; }

    public IReadOnlyList<ConversationId> ConnectedConversations => _connectedConversations.ConvertAll(id => new ConversationId(id));

    /// <summary>
    /// The live conversation the agent's plain text and attachments go to. At most one; a newly connected user becomes
    /// it; when it ends, it moves only if exactly one conversation is left (never a guess between several).
    /// </summary>
    public ConversationId? FocusedConversation => _focusedConversation is { } id ? new ConversationId(id) : null;

    public bool IsLoggedIn => Status != AgentStatus.LoggedOut;

    /// <summary>
    /// Whether a sender who authenticated this way is this agent (issue 12, item 1): the channel account alone is not
    /// enough. A web chat agent (no Entra identity) is reached only with the web chat's verified agent claim; a Teams
    /// agent only by an authenticated activity, of the same Entra object when the activity names one. So an
    /// unauthenticated activity, or another channel's account that happens to carry the same id, is an end user.
    /// </summary>
    public bool IsReachedBy(bool verifiedWebChatAgent, bool authenticatedChannel, string? entraObjectId) =>
        EntraObjectId is null
            ? verifiedWebChatAgent
            : authenticatedChannel && (entraObjectId is null || string.Equals(entraObjectId, EntraObjectId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether any agent could be reached by a sender with this proof (<see cref="IsReachedBy"/>): without the web
    /// chat's agent claim or an authenticated channel, nobody is an agent, so there is no agent to look up.
    /// </summary>
    public static bool MayBeReachedBy(bool verifiedWebChatAgent, bool authenticatedChannel) => verifiedWebChatAgent || authenticatedChannel;

    /// <summary>Only available agents with room for one more user are told about new waiting users.</summary>
    public bool IsAcceptingNewUsers => Status == AgentStatus.Available && _connectedConversations.Count < Capacity;

    public static Agent Register(AgentId id, string channelAccountKey, string? entraObjectId, string displayName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelAccountKey);
        return new Agent(id, channelAccountKey, entraObjectId, Clean(displayName), now);
    }

    /// <summary>Signs in (or refreshes an existing sign-in): available, reachable at <paramref name="address"/>.</summary>
    public void Login(ChannelAddress address, string displayName, string? email, int capacity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Address = address;
        DisplayName = Clean(displayName);
        Email = email;
        Capacity = CapacityOverride ?? capacity;
        AuthorizedAt = now;
        LastSeenAt = now;
        var wasLoggedIn = IsLoggedIn;
        Status = AgentStatus.Available;
        if (!wasLoggedIn)
        {
            Raise(new AgentLoggedInDomainEvent(Id, DisplayName, now));
        }
        else
        {
            Touch();
        }
    }

    /// <summary>Signs out by choice; refused while connected to a user, who must not be left alone.</summary>
    public Result Logout(DateTimeOffset now)
    {
        if (!IsLoggedIn)
        {
            return AgentErrors.NotLoggedIn;
        }

        if (_connectedConversations.Count > 0)
        {
            return AgentErrors.StillConnected;
        }

        SignOut(AgentLogoutReason.ByChoice, now);
        return Result.Success();
    }

    /// <summary>Signs out an agent who lost their rights or cannot be reached. Their conversations must have been ended first.</summary>
    public void ForceLogout(AgentLogoutReason reason, DateTimeOffset now)
    {
        if (_connectedConversations.Count > 0)
        {
            throw new InvalidOperationException("End the agent's conversations before signing them out.");
        }

        if (IsLoggedIn)
        {
            SignOut(reason, now);
        }
    }

    public Result SetStatus(AgentStatus status, DateTimeOffset now)
    {
        if (!IsLoggedIn)
        {
            return AgentErrors.NotLoggedIn;
        }

        if (status == AgentStatus.LoggedOut)
        {
            return AgentErrors.InvalidStatus;
        }

        LastSeenAt = now;
        if (status != Status)
        {
            Status = status;
            Raise(new AgentStatusChangedDomainEvent(Id, status, now));
        }

        return Result.Success();
    }

    /// <summary>
    /// An administrator sets this agent's capacity (<paramref name="capacity"/>), or clears it (null) to follow
    /// <paramref name="globalDefault"/>. Lowering it below the live conversations ends none: the agent just takes no
    /// new users until under it.
    /// </summary>
    public Result SetCapacity(int? capacity, int globalDefault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(globalDefault, 1);
        if (capacity is < 1 or > MaxCapacity)
        {
            return AgentErrors.InvalidCapacity;
        }

        CapacityOverride = capacity;
        Capacity = capacity ?? globalDefault;
        Touch();
        return Result.Success();
    }

    /// <summary>The agent chooses which live conversation their plain text goes to; only one they serve.</summary>
    public Result Focus(ConversationId conversationId)
    {
        if (!_connectedConversations.Contains(conversationId.Value))
        {
            return AgentErrors.NotServing;
        }

        if (_focusedConversation != conversationId.Value)
        {
            _focusedConversation = conversationId.Value;
            Touch();
        }

        return Result.Success();
    }

    /// <summary>
    /// Where the agent's plain text goes: the focused conversation, or the only one. With several and none focused it
    /// is refused (<see cref="AgentErrors.ChooseFocus"/>): nothing is sent rather than a guess.
    /// </summary>
    public Result<ConversationId> PlainTextRecipient()
    {
        if (FocusedConversation is { } focused)
        {
            return focused;
        }

        return _connectedConversations.Count switch
        {
            0 => AgentErrors.NotConnected,
            1 => new ConversationId(_connectedConversations[0]),
            _ => AgentErrors.ChooseFocus,
        };
    }

    /// <summary>The agent takes one more user, who becomes the focus; refused when signed out or at capacity.</summary>
    internal Result Take(ConversationId conversationId, DateTimeOffset now)
    {
        if (!IsLoggedIn)
        {
            return AgentErrors.NotLoggedIn;
        }

        if (_connectedConversations.Count >= Capacity)
        {
            return AgentErrors.AtCapacity;
        }

        _connectedConversations.Add(conversationId.Value);
        _focusedConversation = conversationId.Value;
        LastSeenAt = now;
        Touch();
        return Result.Success();
    }

    /// <summary>
    /// The agent no longer serves <paramref name="conversationId"/>. If it was the focus, the focus moves to the last
    /// conversation left, or to none when several are left.
    /// </summary>
    internal void Release(ConversationId conversationId)
    {
        if (!_connectedConversations.Remove(conversationId.Value))
        {
            return;
        }

        if (_focusedConversation == conversationId.Value || _focusedConversation is null)
        {
            _focusedConversation = _connectedConversations.Count == 1 ? _connectedConversations[0] : null;
        }

        Touch();
    }

    /// <summary>Keeps the locale of the agent's latest activity; an activity without one (or with a malformed one) changes nothing.</summary>
    public void UseLocale(string? locale)
    {
        if (LocaleTag.IsValid(locale))
        {
            Locale = locale;
        }
    }

    private void SignOut(AgentLogoutReason reason, DateTimeOffset now)
    {
        Status = AgentStatus.LoggedOut;
        LastSeenAt = now;
        Raise(new AgentLoggedOutDomainEvent(Id, DisplayName, reason, now));
    }

    private static string Clean(string displayName)
    {
        var name = string.IsNullOrWhiteSpace(displayName) ? "Agent" : displayName.Trim();
        return name.Length > MaxNameLength ? name[..MaxNameLength] : name;
    }
}
