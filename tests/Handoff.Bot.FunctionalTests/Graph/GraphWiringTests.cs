using System.Reflection;
using Azure.Identity;
using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Graph;
using Handoff.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace Handoff.Bot.FunctionalTests.Graph;

/// <summary>What the product runs when Teams settings are present: the real credential, client and resilience settings.</summary>
public sealed class GraphWiringTests
{
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ClientId = "3f2d7c1a-9b8e-4d6f-a5c4-1e2b3a4c5d6e";
    private const string Secret = "wiring-test-secret-Zx9~";
    private const string Group = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

    [Fact]
    public async Task TeamsSettings_BuildTheCredentialGraphClientAndResilience_ThatRun()
    {
        await using var host = await TestHost.StartAsync(options =>
        {
            options.Settings["Teams:TenantId"] = TenantId;
            options.Settings["Teams:ClientId"] = ClientId;
            options.Settings["Teams:ClientSecret"] = Secret;
            options.Settings["Teams:AgentGroupObjectId"] = Group;
            options.Settings["Graph:BaseUrl"] = "https://graph.microsoft.us/v1.0";
            options.Settings["Graph:AuthorityHost"] = "https://login.microsoftonline.us/";
            options.Settings["Graph:MaxRetries"] = "3";
            options.Settings["Graph:MaxRetryAfter"] = "00:00:07";
            options.Settings["Graph:Timeout"] = "00:00:15";
            options.Settings["Graph:CircuitBreaker:BreakDuration"] = "00:01:00";
        });

        host.Services.GetRequiredService<IAgentDirectory>().ShouldBeOfType<GraphAgentDirectory>();
        host.Services.GetRequiredService<IMeetingScheduler>().ShouldBeOfType<GraphMeetingScheduler>();
        host.Services.GetRequiredService<IGraphCredentialFactory>().ShouldBeOfType<ClientSecretCredentialFactory>();
        host.Services.GetServices<IHostedService>().ShouldContain(s => s is MembershipRevalidationService);

        var provider = host.Services.GetRequiredService<GraphClientProvider>();
        var connection = provider.Current.ShouldNotBeNull();
        provider.Current.ShouldBeSameAs(connection); // one client and one credential per process while settings are unchanged

        var credential = connection.Credential.ShouldBeOfType<ClientSecretCredential>();
        Internal<string>(credential, "TenantId").ShouldBe(TenantId);
        Internal<string>(credential, "ClientId").ShouldBe(ClientId);
        connection.Settings.Credential.AuthorityHost.ShouldBe(new Uri("https://login.microsoftonline.us/"));
        ClientSecretCredentialFactory.OptionsFor(connection.Settings.Credential.AuthorityHost).DisableInstanceDiscovery.ShouldBeFalse();
        ClientSecretCredentialFactory.OptionsFor(new Uri("https://login.contoso-stack.example/")).DisableInstanceDiscovery.ShouldBeTrue();

        connection.Client.RequestAdapter.BaseUrl.ShouldBe("https://graph.microsoft.us/v1.0");
        connection.Settings.Scope.ShouldBe("https://graph.microsoft.us/.default");
        connection.Handlers.OfType<RetryHandler>().ShouldHaveSingleItem();
        connection.Retry.MaxRetry.ShouldBe(3);
        connection.Retry.RetriesTimeLimit.ShouldBe(TimeSpan.FromSeconds(15));
        connection.Settings.Timeout.ShouldBe(TimeSpan.FromSeconds(15));
        connection.Settings.MaxRetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        connection.Settings.BreakDuration.ShouldBe(TimeSpan.FromMinutes(1));
        connection.Settings.ToString().ShouldNotContain(Secret);

        // A new secret at run time (configuration reload, the management API) builds a new credential without a restart.
        var configuration = (IConfigurationRoot)host.App.Configuration;
        configuration["Teams:ClientSecret"] = "rotated-secret";
        configuration.Reload();
        var rotated = provider.Current.ShouldNotBeNull();
        rotated.ShouldNotBeSameAs(connection);
        rotated.Credential.ShouldNotBeSameAs(connection.Credential);
        Internal<string>(rotated.Credential, "TenantId").ShouldBe(TenantId);

        host.Logs.Lines.ShouldNotContain(line => line.Contains(Secret, StringComparison.Ordinal) || line.Contains("rotated-secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Teams:TenantId", "not-a-guid", "Teams:TenantId must be a GUID")]
    [InlineData("Teams:ClientSecret", "", "Teams:ClientSecret must be set when Teams handoff is enabled")]
    [InlineData("Teams:AgentGroupObjectId", "", "Teams:AgentGroupObjectId must be set when Teams handoff is enabled")]
    [InlineData("Graph:BaseUrl", "http://graph.example.com/v1.0", "Graph:BaseUrl must be an absolute https URL")]
    public async Task Server_WithIncompleteOrInvalidTeamsSettings_RefusesToStartAndNamesTheKey(string key, string value, string expected)
    {
        var options = new TestHostOptions();
        options.Settings["Teams:TenantId"] = TenantId;
        options.Settings["Teams:ClientId"] = ClientId;
        options.Settings["Teams:ClientSecret"] = Secret;
        options.Settings["Teams:AgentGroupObjectId"] = Group;
        options.Settings[key] = value;

        var failure = await Should.ThrowAsync<OptionsValidationException>(() => TestHost.StartAsync(options));

        failure.Message.ShouldContain(expected);
        failure.Message.ShouldNotContain(Secret);
    }

    private static T Internal<T>(object instance, string property) =>
        (T)instance.GetType().GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(instance)!;
}
