using System.Reflection;
using Handoff.Domain.Common;
using Mediator;
using NetArchTest.Rules;

namespace Handoff.ArchitectureTests;

/// <summary>The conventions of the style guide (§7) that the compiler does not check.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly s_domain = typeof(AggregateRoot).Assembly;
    private static readonly Assembly s_application = typeof(Handoff.Application.DependencyInjection).Assembly;

    [Fact]
    public void Handlers_ArePublicSealed()
    {
        var handlers = s_application.GetTypes().Where(t => t.GetInterfaces().Any(IsHandlerInterface)).ToList();

        handlers.ShouldNotBeEmpty();
        handlers.Where(t => !(t.IsPublic && t.IsSealed)).Select(t => t.Name).ShouldBeEmpty();
    }

    [Fact]
    public void Messages_AreSealedRecordsWithTheirHandlerInTheSameFile()
    {
        var messages = s_application.GetTypes().Where(t => !t.IsInterface && (typeof(IBaseCommand).IsAssignableFrom(t) || typeof(IBaseQuery).IsAssignableFrom(t))).ToList();

        messages.ShouldNotBeEmpty();
        messages.Where(t => !t.IsSealed || t.GetMethod("<Clone>$") is null).Select(t => t.Name).ShouldBeEmpty();
        messages.Where(t => !t.Name.EndsWith("Command", StringComparison.Ordinal) && !t.Name.EndsWith("Query", StringComparison.Ordinal)).Select(t => t.Name).ShouldBeEmpty();
        var handlerNames = s_application.GetTypes().Select(t => t.Name).ToHashSet();
        messages.Where(m => !handlerNames.Contains(m.Name + "Handler")).Select(m => m.Name).ShouldBeEmpty();
    }

    [Fact]
    public void CommandEntries_ArePublicSealedAndWrittenInTheirUseCaseFolder()
    {
        var entries = s_application.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Handoff.Application.Common.Commands.CommandEntry))).ToList();

        entries.Count.ShouldBe(Handoff.Application.Common.Commands.CommandCatalogue.BuiltIn.Entries.Count);
        entries.Where(t => !(t.IsPublic && t.IsSealed && t.Name.EndsWith("Entry", StringComparison.Ordinal))).Select(t => t.Name).ShouldBeEmpty();
        // Handoff.Application.<Module>.<UseCase>: next to a handler, never in a shared list.
        entries.Where(t => t.Namespace!.Split('.').Length != 4 || t.Namespace.Contains(".Common", StringComparison.Ordinal)).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void DomainEvents_AreSealedImmutableRecordsNamedDomainEvent()
    {
        var events = s_domain.GetTypes().Where(t => typeof(IDomainEvent).IsAssignableFrom(t) && !t.IsInterface).ToList();

        events.ShouldNotBeEmpty();
        events.Where(t => !t.IsSealed || !t.Name.EndsWith("DomainEvent", StringComparison.Ordinal)).Select(t => t.Name).ShouldBeEmpty();
        events.SelectMany(t => t.GetProperties()).Where(p => p.SetMethod is { } setter && !IsInitOnly(setter)).Select(p => p.DeclaringType!.Name + "." + p.Name).ShouldBeEmpty();
    }

    [Fact]
    public void Aggregates_HaveNoPublicSetters()
    {
        var aggregates = s_domain.GetTypes().Where(t => t.IsSubclassOf(typeof(AggregateRoot))).ToList();

        aggregates.Count.ShouldBeGreaterThanOrEqualTo(3);
        aggregates.SelectMany(t => t.GetProperties()).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.DeclaringType!.Name + "." + p.Name).ShouldBeEmpty();
    }

    [Fact]
    public void Domain_NeverReadsTheClock()
    {
        var result = Types.InAssembly(s_domain).ShouldNot().HaveDependencyOn("System.TimeProvider").GetResult();

        result.IsSuccessful.ShouldBeTrue();
        // DateTimeOffset.UtcNow / DateTime.Now are properties; scan the IL for calls to them.
        var clockReads = s_domain.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => ReadsClock(m)).Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();
        clockReads.ShouldBeEmpty();
    }

    private static bool ReadsClock(MethodInfo method)
    {
        var body = method.GetMethodBody()?.GetILAsByteArray();
        if (body is null)
        {
            return false;
        }

        var clockGetters = new[]
        {
            typeof(DateTime).GetProperty(nameof(DateTime.Now))!.GetMethod!, typeof(DateTime).GetProperty(nameof(DateTime.UtcNow))!.GetMethod!,
            typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.Now))!.GetMethod!, typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.UtcNow))!.GetMethod!,
        };
        for (var i = 0; i + 4 < body.Length; i++)
        {
            if (body[i] is 0x28 or 0x6F)
            {
                try
                {
                    var target = method.Module.ResolveMethod(BitConverter.ToInt32(body, i + 1));
                    if (clockGetters.Contains(target))
                    {
                        return true;
                    }
                }
                catch (ArgumentException)
                {
                    // Not a method token at this offset.
                }
            }
        }

        return false;
    }

    private static bool IsHandlerInterface(Type type) => type.IsGenericType &&
        (type.GetGenericTypeDefinition() == typeof(ICommandHandler<,>) || type.GetGenericTypeDefinition() == typeof(IQueryHandler<,>) || type.GetGenericTypeDefinition() == typeof(INotificationHandler<>));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
}
