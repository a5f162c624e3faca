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

    private readonly List<Guid> _connectedConversations = [];

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

    public int Capacity { get; private set; }

    /// <summary>Where to send this agent proactive messages (new waiting users, relayed messages).</summary>
    public ChannelAddress? Address { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>The agent's language tag, from their last activity that carried one; what they are told is said in it.</summary>
    public string? Locale { get; private set; }

    /// <summary>When the agent last logged in, which is when their rights were last checked (by the directory, for Teams agents).</summary>
    public DateTimeOffset? AuthorizedAt { get; private set; }

    public IReadOnlyList<ConversationId> ConnectedConversations => _connectedConversations.ConvertAll(id => new ConversationId(id));

    public bool IsLoggedIn => Status != AgentStatus.LoggedOut;

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
        Capacity = capacity;
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

    /// <summary>The agent takes one more user; refused when signed out or at capacity.</summary>
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
        LastSeenAt = now;
        Touch();
        return Result.Success();
    }

    /// <summary>The agent no longer serves <paramref name="conversationId"/>.</summary>
    internal void Release(ConversationId conversationId)
    {
        if (_connectedConversations.Remove(conversationId.Value))
        {
            Touch();
        }
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
