using Handoff.Bot;
using Handoff.Bot.Teams;

if (args is ["teams-manifest", .. var manifestArgs])
{
    var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
    Environment.ExitCode = TeamsManifestCommand.Run(manifestArgs, configuration, Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(args);
WebApplication app;
try
{
    HandoffApplication.ConfigureServices(builder);
    app = await HandoffApplication.BuildAsync(builder);
}
catch (Handoff.Infrastructure.Persistence.DatabaseStartupException ex)
{
    // One sentence that says what to fix (the password masked), not a stack trace; a non-zero exit for the supervisor.
    await Console.Error.WriteLineAsync(ex.Message);
    Environment.ExitCode = HandoffApplication.DatabaseUnavailableExitCode;
    return;
}

await app.RunAsync();

/// <summary>The entry point; public so that tests can reference the assembly.</summary>
public partial class Program;
