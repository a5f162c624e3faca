using System.Net;
using System.Net.Sockets;
using Handoff.Bot;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Handoff.TestSupport.Postgres;
using Handoff.TestSupport.Processes;

namespace Handoff.Bot.FunctionalTests.Operations;

/// <summary>
/// A PostgreSQL that cannot be used at start (nothing listening, a wrong password, no such database) stops the start
/// with one sentence naming <c>ConnectionStrings:Handoff</c>, the password masked, and a non-zero exit: not a stack trace.
/// </summary>
public sealed class DatabaseAtStartTests
{
    private const string Password = "w9-Not-A-Real-Passw0rd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_WithNothingListening_FailsNamingTheSettingWithThePasswordMasked()
    {
        var failure = await Should.ThrowAsync<DatabaseStartupException>(() => StartAsync(NothingListening()));

        ShouldBeClear(failure.Message);
        failure.Message.ShouldContain("Nothing answered there");
    }

    [Fact]
    public async Task Start_WithAWrongPassword_FailsNamingTheSettingWithThePasswordMasked()
    {
        var server = await PostgresServer.SharedAsync();

        var failure = await Should.ThrowAsync<DatabaseStartupException>(() => StartAsync(server.ConnectionStringFor("postgres", Password)));

        ShouldBeClear(failure.Message);
        failure.Message.ShouldContain("28P01");
        failure.Message.ShouldContain("Check the user name and password.");
        failure.Message.ShouldNotContain(server.Password);
    }

    [Fact]
    public async Task Start_WithAMissingDatabase_FailsSayingTheDatabaseDoesNotExist()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = server.ConnectionStringFor("no_such_handoff_database");

        var failure = await Should.ThrowAsync<DatabaseStartupException>(() => StartAsync(connectionString));

        failure.Message.ShouldContain(DatabaseStartup.ConnectionStringKey);
        failure.Message.ShouldContain("3D000");
        failure.Message.ShouldContain("The database does not exist");
        failure.Message.ShouldNotContain(server.Password);
        failure.Message.ShouldContain("Password=*****");
    }

    [Fact]
    public async Task ServerProcess_WithNothingListening_ExitsNonZeroWithOneClearLineAndNoStackTrace()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => HandoffServerProcess.StartAsync(postgresConnectionString: NothingListening(), cancellationToken: Ct));

        failure.Message.ShouldContain($"exited with {HandoffApplication.DatabaseUnavailableExitCode}");
        ShouldBeClear(failure.Message);
        failure.Message.Split('\n').Where(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private static async Task StartAsync(string connectionString)
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings[PersistenceServices.ProviderKey] = "Postgres";
            options.Settings[DatabaseStartup.ConnectionStringKey] = connectionString;
        });
    }

    private static void ShouldBeClear(string message)
    {
        message.ShouldContain(DatabaseStartup.ConnectionStringKey);
        message.ShouldContain("Password=*****");
        message.ShouldNotContain(Password);
    }

    private static string NothingListening()
    {
        // A port that was free a moment ago: nothing accepts connections on it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Database=handoff;Username=handoff;Password={Password};Timeout=5";
    }
}
