using System.Reflection;
using Handoff.Application.Common.Behaviors;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations;
using Handoff.Application.Conversations.RelayTyping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.Application;

/// <summary>Registers the application layer's services. Mediator itself is registered once, in the host (its source generator lives there).</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: false);
        AddCommandAssembly(services, typeof(DependencyInjection).Assembly);
        services.AddScoped<ConflictAttempt>();
        services.AddScoped<Notifier>();
        services.AddScoped<AgentThreads>();
        services.AddScoped<Agents.AgentAuthorizer>();
        services.AddScoped<QueueEstimates>();
        services.AddSingleton<TypingThrottle>();
        return services;
    }

    /// <summary>
    /// Adds the command entries of <paramref name="assembly"/> to the catalogue (Handoff's own are added by
    /// <see cref="AddApplication"/>), and registers their handlers for an assembly the Mediator generator does not see.
    /// </summary>
    public static IServiceCollection AddHandoffCommands(this IServiceCollection services, Assembly assembly)
    {
        AddCommandAssembly(services, assembly);
        foreach (var handler in assembly.GetExportedTypes().Where(t => t is { IsAbstract: false, IsClass: true }))
        {
            foreach (var contract in handler.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>)))
            {
                services.TryAddEnumerable(ServiceDescriptor.Scoped(contract, handler));
            }
        }

        return services;
    }

    private static void AddCommandAssembly(IServiceCollection services, Assembly assembly)
    {
        services.AddSingleton(new CommandAssembly(assembly));
        services.TryAddSingleton(sp => new CommandCatalogue(sp.GetServices<CommandAssembly>().Distinct().SelectMany(a => CommandCatalogue.Discover(a.Assembly))));
    }

    /// <summary>An assembly whose command entries belong to the catalogue.</summary>
    private sealed record CommandAssembly(Assembly Assembly);
}
