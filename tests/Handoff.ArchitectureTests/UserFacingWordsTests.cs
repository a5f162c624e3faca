using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Handoff.ArchitectureTests;

/// <summary>
/// Every sentence a user or agent sees comes from the words catalogue (<c>HandoffMessages</c>, issue 9): the handlers
/// and the card builder of the application layer write no words of their own. Read from the syntax trees, so an
/// interpolated sentence counts as much as a plain one.
/// </summary>
public sealed partial class UserFacingWordsTests
{
    /// <summary>
    /// Words still written in place, each a known debt of issue 9 to move into the catalogue. The list only shrinks: a
    /// new sentence in a handler or a card fails the test; moving one of these makes its line unnecessary (and the
    /// second test asks for the line to go).
    /// </summary>
    private static readonly HashSet<string> s_notMovedYet = [];

    /// <summary>Texts of the management API and the audit trail (read by operators, not said in a chat).</summary>
    private static readonly HashSet<string> s_notSaidInAChat =
    [
        "ListScenariosQueryHandler: A custom scenario ('custom/<name>') replies with the language model's reply text.",
        "UpdateSettingsCommandHandler: set (value not recorded)",
        "EraseEndUserCommandHandler: end user",
    ];

    [Fact]
    public void HandlersAndCards_WriteNoSentences_TheyComeFromTheCatalogue()
    {
        var found = Sentences().ToList();

        found.ShouldNotBeEmpty("the scan reads the application layer's handlers and cards");
        found.Where(s => !s_notMovedYet.Contains(s) && !s_notSaidInAChat.Contains(s)).ShouldBeEmpty();
    }

    [Fact]
    public void NotMovedYetList_OnlyNamesWordsStillInTheCode_SoItOnlyShrinks()
    {
        var found = Sentences().ToHashSet();

        s_notMovedYet.Concat(s_notSaidInAChat).Where(s => !found.Contains(s)).ShouldBeEmpty();
    }

    [Fact]
    public void CommandEntries_WriteNoHelpLinesOrButtonTitles_TheyNameCatalogueTexts()
    {
        var entries = SourceFiles.Under("src/Handoff.Application").SelectMany(file => EntryClasses(file.Root)).ToList();

        entries.Count.ShouldBeGreaterThan(15, "the scan reads every command entry of the application layer");
        entries.SelectMany(EntryWords).ShouldBeEmpty();
    }

    [Fact]
    public void EntryScan_OnALiteralHelpLineOrButtonTitle_FindsIt()
    {
        // The rule above passes because nothing is found; this shows what it would find.
        var root = CSharpSyntaxTree.ParseText(""""
            public sealed class EchoCommandEntry() : CommandEntry<EchoCommand>(
                scenarioId: Scenario, word: "echo", audience: Audience.Agent, description: "Agent: echo.", modelName: "Agent echo",
                patterns: [@"^\s*echo\s*$"], order: 75,
                helpLine: _ => "**echo** — says it back",
                buttons: [new(words => words.ListButton, ("text", "ping")), new(_ => "Echo")]);
            public sealed class OldStyleEntry() : CommandEntry<EchoCommand>("s", "w", Audience.Agent, "d", "m", [], 1, "**old** — positional", null, [new CardButton("Old")]);
            """", cancellationToken: TestContext.Current.CancellationToken).GetRoot(TestContext.Current.CancellationToken);

        EntryClasses(root).SelectMany(EntryWords).ShouldBe(
            ["EchoCommandEntry: **echo** — says it back", "EchoCommandEntry: Echo", "OldStyleEntry: **old** — positional", "OldStyleEntry: Old"]);
    }

    /// <summary>Classes whose primary constructor passes arguments to <c>CommandEntry</c> (or <c>CommandEntry&lt;T&gt;</c>).</summary>
    private static IEnumerable<(string Name, SeparatedSyntaxList<ArgumentSyntax> Arguments)> EntryClasses(SyntaxNode root) =>
        root.DescendantNodes().OfType<ClassDeclarationSyntax>()
            .SelectMany(type => (type.BaseList?.Types ?? default).OfType<PrimaryConstructorBaseTypeSyntax>()
                .Where(b => b.Type is SimpleNameSyntax { Identifier.Text: "CommandEntry" })
                .Select(b => (type.Identifier.Text, b.ArgumentList.Arguments)));

    /// <summary>
    /// "Entry: literal" for every string literal in an entry's help line or in a button's title (named, or in the
    /// constructor's places 8 and 10). The button data (<c>("status", "available")</c>) is not words and is not read.
    /// </summary>
    private static IEnumerable<string> EntryWords((string Name, SeparatedSyntaxList<ArgumentSyntax> Arguments) entry)
    {
        const int HelpLinePlace = 7, ButtonsPlace = 9;
        for (var place = 0; place < entry.Arguments.Count; place++)
        {
            var argument = entry.Arguments[place];
            var name = argument.NameColon?.Name.Identifier.Text ?? (place == HelpLinePlace ? "helpLine" : place == ButtonsPlace ? "buttons" : null);
            IEnumerable<SyntaxNode> words = name switch
            {
                "helpLine" => [argument.Expression],
                "buttons" => argument.Expression.DescendantNodesAndSelf().OfType<BaseObjectCreationExpressionSyntax>()
                    .Select(button => button.ArgumentList?.Arguments.FirstOrDefault()?.Expression).OfType<ExpressionSyntax>(),
                _ => [],
            };
            foreach (var (_, text) in words.SelectMany(Literals))
            {
                yield return $"{entry.Name}: {text}";
            }
        }
    }

    /// <summary>"Type: literal" for every literal with words in a handler or the card builder, except what is not said to a person.</summary>
    private static IEnumerable<string> Sentences() =>
        SourceFiles.Under("src/Handoff.Application")
            .SelectMany(file => file.Root.DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(type => type.Identifier.Text.EndsWith("Handler", StringComparison.Ordinal)
                || type.Identifier.Text.EndsWith("Notifications", StringComparison.Ordinal)
                || type.Identifier.Text is "HandoffCards" or "Notifier")
            .SelectMany(type => Literals(type).Where(l => !IsNotSaidToAPerson(l.Node)).Select(l => $"{type.Identifier.Text}: {l.Text}"))
            .Where(s => Words().IsMatch(s[(s.IndexOf(": ", StringComparison.Ordinal) + 2)..]));

    private static IEnumerable<(SyntaxNode Node, string Text)> Literals(SyntaxNode type) =>
        type.DescendantNodesAndSelf().Select(node => node switch
        {
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => (node, literal.Token.ValueText),
            InterpolatedStringTextSyntax text => (node, text.TextToken.ValueText),
            _ => (node, (string?)null),
        }).Where(l => l.Item2 is not null).Select(l => (l.node, l.Item2!));

    /// <summary>Exception and log messages (for operators), audit details (the management API), attributes.</summary>
    private static bool IsNotSaidToAPerson(SyntaxNode literal) => literal.Ancestors().Any(node => node switch
    {
        ThrowExpressionSyntax or ThrowStatementSyntax or AttributeSyntax => true,
        ObjectCreationExpressionSyntax creation => creation.Type.ToString().EndsWith("Exception", StringComparison.Ordinal),
        InvocationExpressionSyntax call => call.Expression.ToString() is var callee
            && (callee.StartsWith("Log", StringComparison.Ordinal) || callee.Contains(".Log", StringComparison.Ordinal) || callee == "AuditRecord.Create"),
        _ => false,
    });

    /// <summary>Words: two letters next to a space, or one capitalized word (a button title); "• " and " (" are punctuation.</summary>
    [GeneratedRegex(@"[A-Za-z]{2,}[.,:;!?]?\s|\s[A-Za-z]{2,}|^[A-Z][a-z]+$")]
    private static partial Regex Words();
}
