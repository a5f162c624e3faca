using Handoff.Application.Common.Exceptions;

namespace Handoff.Application.Common.Behaviors;

/// <summary>Runs every validator of the message; invalid input throws <see cref="Exceptions.ValidationException"/> listing each field.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await ValidateAsync(validators, message, cancellationToken);
        return await next(message, cancellationToken);
    }

    /// <summary>The same check for a command the router runs directly (see <see cref="Commands.Decision"/>).</summary>
    public static async ValueTask ValidateAsync(IEnumerable<IValidator<TMessage>> validators, TMessage message, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new Exceptions.ValidationException(failures);
        }
    }
}
