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
        // The source, not the assembly: one file per use case holds the message and its handler.
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "Handoff.Application"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();
        var misplaced = messages.Where(m =>
        {
            var declaring = sources.Where(f => Declares(f.Text, m.Name)).ToList();
            return declaring.Count != 1 || !Declares(declaring[0].Text, m.Name + "Handler");
        }).Select(m => m.Name).ToList();
        misplaced.ShouldBeEmpty("each message is declared in exactly one file, next to its handler");
    }

    /// <summary>Whether <paramref name="source"/> declares a type named <paramref name="name"/> (class, record or struct).</summary>
    private static bool Declares(string source, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(source, $@"\b(class|record|struct|record\s+struct|record\s+class)\s+{name}\b(?![.\w])");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Handoff.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Handoff.sln not found above " + AppContext.BaseDirectory);
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
        // DateTimeOffset.UtcNow / DateTime.Now are properties; scan the IL for calls to them, in methods and in
        // constructors (where field and property initializers are compiled, static ones in the type initializer).
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var clockReads = s_domain.GetTypes().SelectMany(t => t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all)))
            .Where(m => ReadsClock(m)).Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();
        clockReads.ShouldBeEmpty();
    }

    private static bool ReadsClock(MethodBase method)
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
