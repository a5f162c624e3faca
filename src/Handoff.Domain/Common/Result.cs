namespace Handoff.Domain.Common;

/// <summary>The outcome of an operation that may be refused for a business reason. Refusals are values, not exceptions.</summary>
public class Result
{
    protected Result(Error error) => Error = error;

    public Error Error { get; }

    public bool IsSuccess => Error == Error.None;

    public bool IsFailure => !IsSuccess;

    public static Result Success() => new(Error.None);

    public static Result Failure(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error == Error.None)
        {
            throw new ArgumentException("A failure needs an error.", nameof(error));
        }

        return new Result(error);
    }

    public static Result<T> Success<T>(T value) => new(value, Error.None);

    public static implicit operator Result(Error error) => Failure(error);
}

public sealed class Result<T> : Result
{
    private readonly T? _value;

    internal Result(T? value, Error error)
        : base(error) => _value = value;

    /// <summary>The value of a successful result; reading it from a failure is a programming error.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: the result failed with {Error.Code}.");

    public static implicit operator Result<T>(T value) => new(value, Error.None);

    public static implicit operator Result<T>(Error error) =>
        error == Error.None ? throw new ArgumentException("A failure needs an error.", nameof(error)) : new Result<T>(default, error);
}
