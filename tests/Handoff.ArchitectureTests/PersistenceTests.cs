using System.Reflection;
using NetArchTest.Rules;

namespace Handoff.ArchitectureTests;

/// <summary>The persistence-provider seam (ADR-011): provider specifics live in the provider's folder only.</summary>
public sealed class PersistenceTests
{
    private const string SqliteFolder = "Handoff.Infrastructure.Persistence.Sqlite";

    private static readonly Assembly s_infrastructure = typeof(Handoff.Infrastructure.DependencyInjection).Assembly;

    [Fact]
    public void OnlyTheSqliteProviderFolder_UsesSqlite()
    {
        var result = Types.InAssembly(s_infrastructure)
            .ShouldNot().HaveDependencyOnAny("Microsoft.Data.Sqlite", "Microsoft.EntityFrameworkCore.Sqlite")
            .GetResult();
        var failing = result.FailingTypeNames ?? [];

        // The rule sees the provider's own use of Sqlite (so it can fail), and nothing outside its folder has any.
        failing.ShouldContain("Handoff.Infrastructure.Persistence.Sqlite.SqlitePersistenceProvider");
        failing.Where(name => !name.StartsWith(SqliteFolder + ".", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
