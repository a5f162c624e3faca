using Mediator;

namespace Handoff.Domain.Common;

/// <summary>Something that happened in the domain. It is a Mediator notification so that handlers are found at compile time (ADR-001).</summary>
public interface IDomainEvent : INotification
{
    DateTimeOffset OccurredAt { get; }
}
