using Handoff.Bot;

var builder = WebApplication.CreateBuilder(args);
HandoffApplication.ConfigureServices(builder);
var app = await HandoffApplication.BuildAsync(builder);
await app.RunAsync();

/// <summary>The entry point; public so that tests can reference the assembly.</summary>
public partial class Program;
