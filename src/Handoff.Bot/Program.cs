using Handoff.Bot;
using Handoff.Bot.Teams;

if (args is ["teams-manifest", .. var manifestArgs])
{
    var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
    Environment.ExitCode = TeamsManifestCommand.Run(manifestArgs, configuration, Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(args);
HandoffApplication.ConfigureServices(builder);
var app = await HandoffApplication.BuildAsync(builder);
await app.RunAsync();

/// <summary>The entry point; public so that tests can reference the assembly.</summary>
public partial class Program;
