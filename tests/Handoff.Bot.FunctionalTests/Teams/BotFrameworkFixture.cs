using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>
/// The product on real Kestrel with the Bot Framework channel configured against a fake Bot Connector on loopback,
/// the agent directory and meeting scheduler faked at their ports, and a fake credential for the bot's own token.
/// </summary>
public class BotFrameworkFixture : IAsyncLifetime
{
    public const string AppId = "8a1e3c52-43f6-4d0c-9a7c-0d6b2c1f7e11";
    public const string TenantId = "5f0c8f7e-2b1d-4c3a-9e8f-7a6b5c4d3e2f";
    public const string BotToken = "fake-bot-token";

    public FakeBotConnector Connector { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    public FakeAgentDirectory Directory { get; } = new();

    public FakeMeetingScheduler Meetings { get; } = new();

    public FakeTokenCredential Credential { get; } = new(BotToken);

    /// <summary>Empty = local development (no app id).</summary>
    protected virtual string ConfiguredAppId => AppId;

    public string ServiceUrl => Connector.ServiceUrl;

    public async ValueTask InitializeAsync()
    {
        Connector = await FakeBotConnector.StartAsync();
        Host = await TestHost.StartAsync(options =>
        {
            options.Settings["Bot:MicrosoftAppId"] = ConfiguredAppId;
            options.Settings["Bot:MicrosoftAppPassword"] = ConfiguredAppId.Length == 0 ? null : "not-used-the-credential-is-faked";
            options.Settings["Bot:MicrosoftAppTenantId"] = TenantId;
            options.Settings["Bot:OpenIdMetadataUrl"] = Connector.OpenIdMetadataUrl;
            options.Settings["Bot:SigningKeysMinimumRefreshInterval"] = "00:00:00";
            options.Settings["Teams:TenantId"] = TenantId;
            options.Settings["Teams:ClientId"] = "0a0a0a0a-0000-4000-8000-0000000000c1";
            options.Settings["Teams:ClientSecret"] = "not-used-the-directory-is-faked";
            options.Settings["Teams:AgentGroupObjectId"] = "0a0a0a0a-0000-4000-8000-0000000000a9";
            options.Settings["Outbox:FirstRetryDelay"] = "00:00:00.050";
            options.Settings["Outbox:MaxRetryDelay"] = "00:00:00.200";
            options.Settings["Outbox:PollInterval"] = "00:00:00.050";
            options.Settings["Outbox:MaxAttempts"] = "3";
            Configure(options);
            options.Services.Add(services =>
            {
                services.RemoveAll<IAgentDirectory>();
                services.AddSingleton<IAgentDirectory>(Directory);
                services.RemoveAll<IMeetingScheduler>();
                services.AddSingleton<IMeetingScheduler>(Meetings);
                services.AddKeyedSingleton<TokenCredential>(BotTokenProvider.CredentialKey, Credential);
            });
            Configure(options);
        });
    }

    /// <summary>Stops the product and starts it again on the same database, as a server restart does.</summary>
    public async Task RestartHostAsync() => Host = await Host.RestartAsync();

    /// <summary>Settings a derived fixture changes, applied after the ones above.</summary>
    protected virtual void Configure(TestHostOptions options)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Posts an activity to <c>/api/messages</c> with a valid token for its service URL (or <paramref name="authorization"/> verbatim).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, TokenSpec? token = null, string? authorization = null, bool anonymous = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent.Create(activity) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else if (!anonymous)
        {
            var serviceUrl = activity["serviceUrl"]?.GetValue<string>() ?? ServiceUrl;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Connector.MintToken(AppId, serviceUrl, token));
        }

        return await Host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts and expects 200.</summary>
    public async Task SendAsync(JsonObject activity)
    {
        using var response = await PostAsync(activity);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The bot's own credential, faked: a fixed token, and how often it was asked.</summary>
public sealed class FakeTokenCredential(string token) : TokenCredential
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
