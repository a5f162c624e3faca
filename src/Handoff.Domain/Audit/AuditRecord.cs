namespace Handoff.Domain.Audit;

/// <summary>One append-only audit record: what happened, when, who did it, and to which conversation or agent.</summary>
public sealed class AuditRecord
{
    public const int MaxActorLength = 200;
    public const int MaxDetailsLength = 4_000;

    private AuditRecord()
    {
        Actor = string.Empty;
        Details = string.Empty;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public AuditType Type { get; private set; }

    public string Actor { get; private set; }

    public Guid? ConversationId { get; private set; }

    public Guid? AgentId { get; private set; }

    public string Details { get; private set; }

    /// <summary>For connects and queue timeouts: how long the user waited, which feeds the wait statistics.</summary>
    public double? WaitSeconds { get; private set; }

    public static AuditRecord Create(AuditType type, DateTimeOffset at, string actor, string details, Guid? conversationId = null, Guid? agentId = null, TimeSpan? waited = null) =>
        new()
        {
            Type = type,
            At = at,
            Actor = Truncate(actor, MaxActorLength),
            Details = Truncate(details, MaxDetailsLength),
            ConversationId = conversationId,
            AgentId = agentId,
            WaitSeconds = waited?.TotalSeconds,
        };

    private static string Truncate(string value, int max) => value.Length > max ? value[..max] : value;
}
