using System.Data.Common;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>A background loop's database outage is one error, then quiet, then one line when the database is back.</summary>
public sealed class DatabaseOutageLogTests
{
    [Fact]
    public void AnOutageOfManyTicks_IsOneErrorThenOneRecoveryLine()
    {
        using var logs = new LogCapture();
        var outage = new DatabaseOutageLog(logs.CreateLogger("loop"), "The test loop");

        var reported = Enumerable.Range(0, 100).Select(_ => outage.Report(new InvalidOperationException("EF Core wraps it", new UnreachableDatabase()))).ToList();
        outage.Reached();
        outage.Reached();

        reported.ShouldAllBe(r => r);
        logs.Lines.Count(l => l.StartsWith("Error ", StringComparison.Ordinal)).ShouldBe(1);
        logs.Lines.Count(l => l.StartsWith("Information ", StringComparison.Ordinal)).ShouldBe(1);
        logs.Lines.Single(l => l.StartsWith("Information ", StringComparison.Ordinal)).ShouldContain("100 failed attempts");
        outage.IsDown.ShouldBeFalse();
    }

    [Fact]
    public void AFailureThatIsNotTheDatabase_IsLeftToTheLoop()
    {
        using var logs = new LogCapture();
        var outage = new DatabaseOutageLog(logs.CreateLogger("loop"), "The test loop");

        outage.Report(new InvalidOperationException("a bug")).ShouldBeFalse();

        logs.Lines.ShouldBeEmpty();
        outage.IsDown.ShouldBeFalse();
    }

    private sealed class UnreachableDatabase() : DbException("Failed to connect to 127.0.0.1:1");
}
