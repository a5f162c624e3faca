using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Persistence;

/// <summary>
/// A failed SQL command that is not an outage is one error line, ours, with its SQL and without its parameter values;
/// EF Core's own error line for it is lowered to debug (the outage side is DatabaseLossTests, on a real PostgreSQL that
/// is stopped under a running instance).
/// </summary>
public sealed class DatabaseFailureLogTests
{
    [Fact]
    public async Task AFailedCommandThatIsNotAnOutage_IsOneErrorWithItsSqlAndNoParameterValues()
    {
        await using var harness = await HandoffHarness.StartAsync();
        var before = harness.Logs.Lines.Count;

        await Should.ThrowAsync<Exception>(() => harness.ReadAsync(db =>
            db.Database.ExecuteSqlRawAsync("SELECT missing_column FROM \"Conversations\" WHERE \"UserName\" = {0}", ["a patient's words"])));

        var errors = harness.Logs.Lines.Skip(before).Where(l => l.StartsWith("Error ", StringComparison.Ordinal)).ToList();
        errors.Count.ShouldBe(1, string.Join('\n', errors));
        errors[0].ShouldStartWith($"Error {typeof(DatabaseFailureLog).FullName}: A SQL command failed");
        errors[0].ShouldContain("missing_column");
        errors[0].ShouldNotContain("a patient's words");
    }
}
