using System.Reflection;
using System.Text.RegularExpressions;
using Handoff.Domain.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

    /// <remarks>
    /// The two tests above see the errors the Domain's static classes declare; this one reads every Domain source, so a
    /// refusal made in place inside an aggregate (<c>return new Error("...", ("why", "Type login first"))</c>), or any
    /// other sentence, is caught too. Exception messages are for operators and stay.
    /// </remarks>
    [Fact]
    public void DomainSources_WriteNoSentences_OutsideExceptionMessages()
    {
        var files = SourceFiles.Under("src/Handoff.Domain");

        files.Count.ShouldBeGreaterThan(20);
        files.SelectMany(file => Sentences(file.Path, file.Root)).ShouldBe(s_storedNames);
    }

    /// <summary>
    /// Not a refusal: the name an unnamed user is stored under ("User 3f2a"), written once when the conversation starts.
    /// Wording it per reader would mean naming such users when they are shown, not when they are stored (left for now).
    /// </summary>
    private static readonly string[] s_storedNames = ["src/Handoff.Domain/Conversations/Conversation.cs: User "];

    [Fact]
    public void DomainSourceScan_OnARefusalWithWordsMadeInPlace_FindsIt()
    {
        var root = CSharpSyntaxTree.ParseText(""""
            public sealed class Agent
            {
                public Result Logout() => State == AgentState.Away ? new Error("agent.away", ("hint", "Type login first.")) : Result.Success();
                public void Check() => throw new InvalidOperationException("An operator reads this, not a user.");
            }
            """", cancellationToken: TestContext.Current.CancellationToken).GetRoot(TestContext.Current.CancellationToken);

        Sentences("Agent.cs", root).ShouldBe(["Agent.cs: Type login first."]);
    }

    private static IEnumerable<string> Sentences(string path, SyntaxNode root) =>
        root.DescendantNodes()
            .Select(node => node switch
            {
                LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => (node, literal.Token.ValueText),
                InterpolatedStringTextSyntax text => (node, text.TextToken.ValueText),
                _ => (node, (string?)null),
            })
            .Where(l => l.Item2 is not null && Words().IsMatch(l.Item2) && !ForOperators(l.node))
            .Select(l => $"{path}: {l.Item2}");

    private static bool ForOperators(SyntaxNode literal) => literal.Ancestors().Any(node => node switch
    {
        ThrowExpressionSyntax or ThrowStatementSyntax or AttributeSyntax => true,
        ObjectCreationExpressionSyntax creation => creation.Type.ToString().EndsWith("Exception", StringComparison.Ordinal),
        _ => false,
    });

    /// <summary>Words: two letters next to a space (codes such as <c>agent.not_logged_in</c> have none).</summary>
    [GeneratedRegex(@"[A-Za-z]{2,}[.,:;!?]?\s|\s[A-Za-z]{2,}")]
    private static partial Regex Words();

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
