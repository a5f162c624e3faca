using System.Reflection;
using Handoff.Domain.Common;
using NetArchTest.Rules;

namespace Handoff.ArchitectureTests;

/// <summary>Dependencies point inward only: Domain ← Application ← Infrastructure ← Bot.</summary>
public sealed class LayerTests
{
    private static readonly Assembly s_domain = typeof(AggregateRoot).Assembly;
    private static readonly Assembly s_application = typeof(Handoff.Application.DependencyInjection).Assembly;
    private static readonly Assembly s_infrastructure = typeof(Handoff.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly s_bot = typeof(Handoff.Bot.HandoffApplication).Assembly;

    [Fact]
    public void Domain_ReferencesNothingButMediatorAbstractions()
    {
        var references = s_domain.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !IsFramework(n)).ToList();

        references.ShouldBe(["Mediator"]);
    }

    [Fact]
    public void Domain_DoesNotDependOnOuterLayersOrTechnology()
    {
        var result = Types.InAssembly(s_domain).ShouldNot()
            .HaveDependencyOnAny("Handoff.Application", "Handoff.Infrastructure", "Handoff.Bot", "Microsoft.EntityFrameworkCore", "Microsoft.Graph", "Microsoft.AspNetCore", "System.Net.Http")
            .GetResult();

        result.IsSuccessful.ShouldBeTrue(Failing(result));
    }

    [Fact]
    public void Application_DoesNotDependOnInfrastructureOrTheHost()
    {
        var result = Types.InAssembly(s_application).ShouldNot()
            .HaveDependencyOnAny("Handoff.Infrastructure", "Handoff.Bot", "Microsoft.EntityFrameworkCore", "Microsoft.Graph", "Microsoft.AspNetCore.Http")
            .GetResult();

        result.IsSuccessful.ShouldBeTrue(Failing(result));
    }

    [Fact]
    public void Infrastructure_DoesNotDependOnTheHost()
    {
        var result = Types.InAssembly(s_infrastructure).ShouldNot().HaveDependencyOn("Handoff.Bot").GetResult();

        result.IsSuccessful.ShouldBeTrue(Failing(result));
    }

    [Fact]
    public void Bot_HoldsNoDomainLogic_ItNeverChangesAggregatesOrDecidesOnTheirState()
    {
        // The host may name domain value types (ids, addresses) to build commands, but never the aggregates or their rules.
        var result = Types.InAssembly(s_bot).ShouldNot()
            .HaveDependencyOnAny(
                "Handoff.Domain.Conversations.Conversation",
                "Handoff.Domain.Conversations.Handoffs",
                "Handoff.Domain.Agents.Agent",
                "Handoff.Domain.Agents.AgentAuthorizationPolicy",
                "Handoff.Domain.LanguageModels.LanguageModel",
                "Handoff.Domain.LanguageModels.LanguageModelMatcher",
                "Handoff.Domain.Meetings.MeetingOrganizers")
            .GetResult();

        result.IsSuccessful.ShouldBeTrue(Failing(result));
    }

    [Fact]
    public void Bot_DoesNotUseRepositoriesOrTheUnitOfWork()
    {
        var result = Types.InAssembly(s_bot).ShouldNot()
            .HaveDependencyOnAny("Handoff.Application.Common.Interfaces.IUnitOfWork", "Handoff.Infrastructure.Persistence.Repositories")
            .GetResult();

        result.IsSuccessful.ShouldBeTrue(Failing(result));
    }

    private static bool IsFramework(string name) => name is "System.Runtime" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    private static string Failing(NetArchTest.Rules.TestResult result) => "Failing types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
