using Handoff.Application.Common.Behaviors;
using Mediator;

namespace Handoff.Bot.Configuration;

/// <summary>
/// The only <c>AddMediator</c> call: the source generator lives in this project and finds the handlers at compile time.
/// Scoped, because handlers use the scoped DbContext; hosted services resolve <c>ISender</c> from a scope.
/// </summary>
public static class MediatorConfiguration
{
    public static IServiceCollection AddHandoffMediator(this IServiceCollection services) =>
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.Assemblies =
            [
                typeof(Handoff.Domain.Common.IDomainEvent),
                typeof(Handoff.Application.DependencyInjection),
                typeof(Handoff.Infrastructure.DependencyInjection),
            ];

            // The first entry is the outermost: log everything, validate input, re-decide an inbound activity that lost a
            // race, then skip redelivered activities (inside the retry, so a retried attempt records its marker again).
            options.PipelineBehaviors =
            [
                typeof(TracingBehavior<,>), // a span and the conversation's log scope around all the rest
                typeof(LoggingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(ConcurrencyRetryBehavior<,>),
                typeof(IdempotencyBehavior<,>),
            ];
        });
}
