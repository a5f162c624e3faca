using FluentValidation;
using Handoff.Application.Privacy;
using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Retention;

/// <summary>Registers retention (validated <c>Retention</c> options, the background job) and erasure.</summary>
public static class RetentionServices
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidator<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<IValidateOptions<RetentionOptions>, FluentOptionsValidation<RetentionOptions>>();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateOnStart();
        services.AddScoped<IPrivacyStore, PrivacyStore>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
