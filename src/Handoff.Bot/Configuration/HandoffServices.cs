using Handoff.Application;
using Handoff.Infrastructure;

namespace Handoff.Bot.Configuration;

/// <summary>Everything the product registers, in one place, used by <c>Program</c> and by the tests alike.</summary>
public static class HandoffServices
{
    public static IServiceCollection AddHandoff(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddHandoffMediator();
        services.AddApplication();
        services.AddInfrastructure(configuration, contentRootPath);
        return services;
    }
}
