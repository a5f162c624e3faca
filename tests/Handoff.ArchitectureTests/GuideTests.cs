using System.Text.RegularExpressions;

namespace Handoff.ArchitectureTests;

/// <summary>docs/adding-a-command.md shows the real <c>whoami</c>: its code block is the source, so the guide cannot drift from it.</summary>
public sealed partial class GuideTests
{
    [Fact]
    public void AddingACommandGuide_WhoAmIExample_IsTheRealCode()
    {
        var guide = File.ReadAllText(Path.Combine(SourceFiles.Root, "docs", "adding-a-command.md"));
        var source = File.ReadAllText(Path.Combine(SourceFiles.Root, "src", "Handoff.Application", "Agents", "WhoAmI", "WhoAmI.cs")).ReplaceLineEndings("\n");

        // The first line is the type's summary, which the source ends with a pointer back to this guide.
        var example = FirstCSharpBlock().Match(guide.ReplaceLineEndings("\n")).Groups["code"].Value;
        var shown = example[(example.IndexOf('\n', StringComparison.Ordinal) + 1)..].TrimEnd();

        shown.ShouldContain("helpLine: words => words.WhoAmIHelpLine");
        source.ShouldContain(shown);
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FirstCSharpBlock();
}
