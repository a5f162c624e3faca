using FluentValidation.Results;

namespace Handoff.Application.Common.Exceptions;

/// <summary>Invalid input to a use case: a client bug, listed field by field.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IEnumerable<ValidationFailure> failures)
        : base("One or more validation failures have occurred.")
    {
        Errors = failures
            .GroupBy(f => f.PropertyName, f => f.ErrorMessage)
            .ToDictionary(g => g.Key, g => g.Distinct().ToArray());
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public override string Message => base.Message + " " + string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
