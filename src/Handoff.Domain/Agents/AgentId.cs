namespace Handoff.Domain.Agents;

/// <summary>Identifies an agent. Never empty.</summary>
public readonly record struct AgentId
{
    public AgentId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("An agent id cannot be empty.", nameof(value));
        }

        Value = value;
    }

    public Guid Value { get; }

    public static AgentId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString();
}
