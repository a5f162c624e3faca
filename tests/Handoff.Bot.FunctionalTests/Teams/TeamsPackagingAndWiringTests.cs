using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Handoff.Bot.Teams;
using Handoff.Infrastructure.Channels.BotFramework;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams;

public sealed class TeamsPackagingAndWiringTests
{
    private const string AppId = BotFrameworkFixture.AppId;

    [Fact]
    public void TeamsManifestCommand_WritesAnUploadablePackage()
    {
        using var directory = new Handoff.TestSupport.TempDirectory();
        var path = Path.Combine(directory.Path, "handoff-teams.zip");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:MicrosoftAppId"] = AppId }).Build();

        var exit = TeamsManifestCommand.Run(["--out", path], configuration, TextWriter.Null, TextWriter.Null);

        exit.ShouldBe(0);
        using var zip = ZipFile.OpenRead(path);
        zip.Entries.Select(e => e.FullName).ShouldBe(["manifest.json", "color.png", "outline.png"], ignoreOrder: true);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        root.GetProperty("manifestVersion").GetString().ShouldBe("1.17");
        root.GetProperty("id").GetString().ShouldBe(AppId);
        var bot = root.GetProperty("bots")[0];
        bot.GetProperty("botId").GetString().ShouldBe(AppId);
        bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["personal", "team"]);
        bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString())
            .ShouldBe(["login", "list", "connect", "disconnect", "meeting", "help"]);

        // Channel mode (ADR-037): the team scope hears @mentions only, so no resource-specific consent is asked for.
        bot.GetProperty("commandLists")[1].GetProperty("scopes")[0].GetString().ShouldBe("team");
        bot.GetProperty("commandLists")[1].GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()).ShouldBe(["disconnect", "meeting"]);
        root.TryGetProperty("authorization", out _).ShouldBeFalse();
        root.GetProperty("developer").GetProperty("privacyUrl").GetString().ShouldStartWith("https://");
        PngSize(zip, "color.png").ShouldBe((192, 192));
        PngSize(zip, "outline.png").ShouldBe((32, 32));
    }

    [Fact]
    public void TeamsManifestCommand_WithoutAnAppId_Fails()
    {
        var exit = TeamsManifestCommand.Run(["--out", "ignored.zip"], new ConfigurationBuilder().Build(), TextWriter.Null, TextWriter.Null);

        exit.ShouldNotBe(0);
    }

    [Theory]
    [InlineData("SingleTenant", BotFrameworkFixture.TenantId)]
    [InlineData("MultiTenant", "botframework.com")]
    public void ProductionWiring_BuildsAClientSecretCredential_ForTheRightTenantAndAuthority(string appType, string expectedTenant)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:MicrosoftAppTenantId"] = BotFrameworkFixture.TenantId,
            ["Bot:MicrosoftAppType"] = appType,
            ["Bot:AuthorityHost"] = "https://login.microsoftonline.us/",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddBotFrameworkChannel(configuration).BuildServiceProvider();

        var credential = services.GetRequiredKeyedService<TokenCredential>(BotTokenProvider.CredentialKey);
        var settings = BotCredentialSettings.From(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BotOptions>>().Value);

        credential.ShouldBeOfType<ClientSecretCredential>();
        services.GetRequiredKeyedService<TokenCredential>(BotTokenProvider.CredentialKey).ShouldBeSameAs(credential);
        settings.TenantId.ShouldBe(expectedTenant);
        settings.ClientId.ShouldBe(AppId);
        settings.AuthorityHost.ShouldBe(new Uri("https://login.microsoftonline.us/"));
    }

    [Fact]
    public async Task NoAppId_MeansNoBotToken()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddBotFrameworkChannel(configuration).BuildServiceProvider();

        var token = await services.GetRequiredService<IBotTokenProvider>().GetTokenAsync(TestContext.Current.CancellationToken);

        token.ShouldBeNull();
    }

    private static (int Width, int Height) PngSize(ZipArchive zip, string name)
    {
        using var stream = new MemoryStream();
        zip.GetEntry(name)!.Open().CopyTo(stream);
        var bytes = stream.ToArray();
        bytes[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        System.Text.Encoding.ASCII.GetString(bytes, 12, 4).ShouldBe("IHDR");
        var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(29, 4));
        crc.ShouldBe(SolidColorPng.Crc32(bytes.AsSpan(12, 17)));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
