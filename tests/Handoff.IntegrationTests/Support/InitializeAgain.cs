using Handoff.Infrastructure.Persistence;

namespace Handoff.IntegrationTests.Support;

public static class InitializeAgain
{
    /// <summary>A second start on the same database: migrations and seeding must be idempotent.</summary>
    public static Task InitializeDatabaseAsyncAgain(this IServiceProvider services) => services.InitializeDatabaseAsync();
}
