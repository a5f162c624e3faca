using System.Reflection;
using System.Text.RegularExpressions;
using Handoff.Domain.Common;

namespace Handoff.ArchitectureTests;

/// <summary>Domain refusals are codes and data, never sentences: the words catalogue (Application) says them (issue 9).</summary>
public sealed partial class DomainErrorTests
{
    private static readonly Assembly s_domain = typeof(AggregateRoot).Assembly;

    [Fact]
    public void Error_HoldsNoText_OnlyACodeAndArguments()
    {
        typeof(Error).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["Arguments", "Code"]);
    }

    [Fact]
    public void EveryDomainError_HasAMachineCode_AndNoFreeText()
    {
        var errors = DomainErrors().ToList();

        errors.Count.ShouldBeGreaterThan(15);
        errors.Where(e => !CodeShape().IsMatch(e.Error.Code)).Select(e => $"{e.Member}: '{e.Error.Code}'").ShouldBeEmpty();
        // A factory was called with placeholder data; an argument that is not one of those values is text the Domain wrote itself.
        errors.SelectMany(e => e.Error.Arguments.Where(a => !e.Given.Contains(a.Value)).Select(a => $"{e.Member}: {a.Name}='{a.Value}'"))
            .ShouldBeEmpty();
    }

    /// <summary>Every <see cref="Error"/> the Domain's static classes declare: their fields, and what their factories make.</summary>
    private static IEnumerable<(string Member, Error Error, string?[] Given)> DomainErrors() =>
        s_domain.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static).Select(m => (Type: t, Member: m)))
            .SelectMany(x => x.Member switch
            {
                FieldInfo field when field.FieldType == typeof(Error) => [($"{x.Type.Name}.{field.Name}", (Error)field.GetValue(null)!, Array.Empty<string?>())],
                MethodInfo method when method.ReturnType == typeof(Error) => [Make(x.Type, method)],
                _ => Array.Empty<(string, Error, string?[])>(),
            })
            .Where(e => e.Item2 != Error.None);

    private static (string, Error, string?[]) Make(Type type, MethodInfo factory)
    {
        object?[] given = [.. factory.GetParameters().Select(Argument)];
        return ($"{type.Name}.{factory.Name}", (Error)factory.Invoke(null, given)!, [.. given.Select(g => g?.ToString())]);
    }

    private static object? Argument(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(string) ? $"data-{parameter.Position}"
        : parameter.ParameterType == typeof(int) ? 7 + parameter.Position
        : Activator.CreateInstance(parameter.ParameterType);

    [GeneratedRegex("^[a-z_]+(\\.[a-z_]+)+$")]
    private static partial Regex CodeShape();
}
