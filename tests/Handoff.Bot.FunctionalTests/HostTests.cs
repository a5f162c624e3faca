using System.Net;
using System.Text.Json;
using Handoff.TestSupport;
using Microsoft.Extensions.Options;

namespace Handoff.Bot.FunctionalTests;

public sealed class HostTests
{
    [Fact]
    public async Task Health_AnswersWithTheDatabaseCheck()
    {
        await using var host = await TestHost.StartAsync();

        var response = await host.Client.GetAsync("health", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        body.RootElement.GetProperty("checks").GetProperty("database").GetString().ShouldBe("ok");
    }

    [Theory]
    [InlineData("Handoff:Timeouts:Queue", "-00:05:00")]
    [InlineData("Handoff:Agents:Capacity", "0")]
    [InlineData("Teams:DefaultMeetingOrganizerObjectId", "not-a-guid")]
    public async Task Start_WithAnInvalidSetting_IsRefusedNamingTheKey(string key, string value)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => TestHost.StartAsync(options => options.Settings[key] = value));

        error.Message.ShouldContain(key);
    }

    [Fact]
    public async Task Start_WithAnUnknownPersistenceProvider_IsRefusedNamingTheKey()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => TestHost.StartAsync(options => options.Settings["Persistence:Provider"] = "Oracle"));

        error.Message.ShouldContain("Persistence:Provider");
        error.Message.ShouldContain("'Oracle'");
    }

    [Fact]
    [Trait(TestDatabase.Trait, "Sqlite")]
    public async Task Start_WithTheSqliteProviderNamedExplicitly_IsTheDefaultProvider()
    {
        await using var host = await TestHost.StartAsync(options => options.Settings["Persistence:Provider"] = "sqlite");

        var response = await host.Client.GetAsync("health", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        File.Exists(Path.Combine(host.ContentRoot, "data", "handoff.db")).ShouldBeTrue();
    }
}
