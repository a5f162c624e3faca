namespace Handoff.Application.Management;

/// <summary>Page numbers start at 1; a page holds at most <see cref="Page{T}.MaxSize"/> items.</summary>
public static class PagingRules
{
    public static void Apply<T>(AbstractValidator<T> validator, Func<T, int?> pageNumber, Func<T, int?> pageSize)
    {
        validator.RuleFor(q => pageNumber(q)).GreaterThanOrEqualTo(1).WithMessage("must be 1 or more.").OverridePropertyName("page");
        validator.RuleFor(q => pageSize(q)).InclusiveBetween(1, Page<object>.MaxSize)
            .WithMessage($"must be between 1 and {Page<object>.MaxSize}.").OverridePropertyName("pageSize");
    }
}
