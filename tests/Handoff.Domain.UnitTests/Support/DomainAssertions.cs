using Handoff.Domain.Common;

namespace Handoff.Domain.UnitTests.Support;

/// <summary>Asserts on the events an aggregate raised and on refusals.</summary>
public static class DomainAssertions
{
    public static TEvent ShouldHaveRaised<TEvent>(this AggregateRoot aggregate)
        where TEvent : IDomainEvent =>
        aggregate.DomainEvents.OfType<TEvent>().ShouldHaveSingleItem();

    public static void ShouldHaveRaisedNothing(this AggregateRoot aggregate) => aggregate.DomainEvents.ShouldBeEmpty();

    public static void ShouldBeRefusedWith(this Result result, Error error)
    {
        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(error);
    }

    public static void ShouldBeRefusedWith(this Result result, string code)
    {
        result.IsFailure.ShouldBeTrue();
        result.Error.Code.ShouldBe(code);
    }
}
