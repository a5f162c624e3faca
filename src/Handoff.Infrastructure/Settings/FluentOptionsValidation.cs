using FluentValidation;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Settings;

/// <summary>Runs a FluentValidation validator as options validation, so a bad setting stops the server at start with the key named.</summary>
public sealed class FluentOptionsValidation<TOptions>(IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"{e.PropertyName} {e.ErrorMessage.Replace($"'{e.PropertyName}' ", string.Empty, StringComparison.Ordinal)}"));
    }
}
