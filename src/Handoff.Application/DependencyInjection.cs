using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Application;

/// <summary>Registers the application layer's services. Mediator itself is registered once, in the host (its source generator lives there).</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: false);
        services.AddScoped<Notifier>();
        services.AddScoped<QueueEstimates>();
        return services;
    }
}
