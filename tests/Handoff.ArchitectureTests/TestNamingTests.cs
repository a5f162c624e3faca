using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Handoff.ArchitectureTests;

/// <summary>One naming convention for every test in every test project (ADR-034): <c>Subject_WhenCondition_Outcome</c>.</summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void TestMethods_InEveryTestProject_AreNamedSubjectConditionOutcome()
    {
        var tests = SourceFiles.Under("tests")
            .SelectMany(file => file.Root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Where(IsTest)
                .Select(method => (file.Path, Name: method.Identifier.Text)))
            .ToList();

        tests.Count.ShouldBeGreaterThan(100, "the scan found the test projects' sources");
        tests.Where(t => !Convention().IsMatch(t.Name)).Select(t => $"{t.Path}: {t.Name}").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Transfer_ToAnAwayAgent_IsRefusedAndChangesNothing", true)]
    [InlineData("Uploads_AreStoredLinkedAndLimited", true)]
    [InlineData("A_user_token_is_not_put_in_its_stream_url", false)]
    [InlineData("OneSegmentOnly", false)]
    [InlineData("Too_Many_Segments_Here_Now", false)]
    public void Convention_ForAName_AcceptsTwoToFourPascalCaseSegments(string name, bool accepted) =>
        Convention().IsMatch(name).ShouldBe(accepted);

    private static bool IsTest(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(list => list.Attributes)
            .Any(attribute => attribute.Name.ToString() is "Fact" or "Theory" or "Xunit.Fact" or "Xunit.Theory" or "FactAttribute" or "TheoryAttribute");

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(_[A-Z][A-Za-z0-9]*){1,3}$")]
    private static partial Regex Convention();
}
