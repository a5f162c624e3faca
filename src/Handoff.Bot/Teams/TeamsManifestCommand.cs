namespace Handoff.Bot.Teams;

/// <summary>
/// <c>dotnet run --project src/Handoff.Bot -- teams-manifest --out handoff-teams.zip [--app-id GUID] [--website-url URL]
/// [--privacy-url URL] [--terms-url URL] [--version 1.0.0]</c>. The app id defaults to <c>Bot:MicrosoftAppId</c>.
/// </summary>
public static class TeamsManifestCommand
{
    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine($"Unexpected argument '{args[i]}'. Usage: teams-manifest --out handoff-teams.zip [--app-id GUID] [--website-url URL] [--privacy-url URL] [--terms-url URL] [--version 1.0.0]");
                return 2;
            }

            options[args[i][2..]] = args[++i];
        }

        var appId = options.GetValueOrDefault("app-id") ?? configuration["Bot:MicrosoftAppId"];
        if (!Guid.TryParse(appId, out _))
        {
            error.WriteLine("The bot's app id is needed: set Bot:MicrosoftAppId or pass --app-id <GUID>.");
            return 2;
        }

        var website = options.GetValueOrDefault("website-url") ?? "https://github.com/handoff/handoff";
        foreach (var url in new[] { website, options.GetValueOrDefault("privacy-url"), options.GetValueOrDefault("terms-url") })
        {
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                error.WriteLine($"'{url}' is not an https URL (Teams requires https for developer URLs).");
                return 2;
            }
        }

        var path = Path.GetFullPath(options.GetValueOrDefault("out") ?? "handoff-teams.zip");
        var manifest = TeamsManifest.Create(appId!, website, options.GetValueOrDefault("privacy-url") ?? website, options.GetValueOrDefault("terms-url") ?? website, options.GetValueOrDefault("version") ?? "1.0.0");
        using (var file = File.Create(path))
        {
            TeamsManifest.WritePackage(file, manifest);
        }

        output.WriteLine($"Wrote the Teams app package for bot {appId} to {path}");
        return 0;
    }
}
