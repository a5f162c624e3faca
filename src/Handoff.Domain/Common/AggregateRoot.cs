namespace Handoff.Domain.Common;

/// <summary>Base of every aggregate: collects domain events and carries the optimistic concurrency token.</summary>
public abstract class AggregateRoot
{
    private readonly List<IDomainEvent> _domainEvents = [];

    /// <summary>Incremented on every change; a save that finds another version in the store is refused, so two racing writers cannot both win.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents;

    public void ClearDomainEvents() => _domainEvents.Clear();

    protected void Raise(IDomainEvent domainEvent)
    {
        _domainEvents.Add(domainEvent);
        Touch();
    }

    /// <summary>Marks the aggregate as changed without an event, so its version still moves.</summary>
    protected void Touch()
    {
        if (!_touched)
        {
            Version++;
            _touched = true;
        }
    }

    /// <summary>Called by the unit of work after a successful save, so the next change moves the version again.</summary>
    public void AcceptChanges() => _touched = false;

    private bool _touched;
}
