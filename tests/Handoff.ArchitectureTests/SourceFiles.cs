using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Handoff.ArchitectureTests;

/// <summary>
/// The repository's C# sources as syntax trees, for rules about what is written rather than what is compiled (test
/// names across every test project, literals in handlers) — read from the checkout, so no test project has to be built
/// or referenced for its rule to be checked.
/// </summary>
internal static class SourceFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>Every .cs file under <paramref name="folder"/> (relative to the repository root), without build output.</summary>
    public static IReadOnlyList<(string Path, SyntaxNode Root)> Under(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(Root, path), CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path).GetRoot()))];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Handoff.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Handoff.sln above {AppContext.BaseDirectory}: the architecture tests read the sources of the checkout they were built from.");
    }
}
