using Handoff.TestSupport;

namespace Handoff.Bot.FunctionalTests.DirectLine;

/// <summary>One product host for the Direct Line protocol tests: known signing key, secret, agent key and small limits.</summary>
public sealed class DirectLineHostFixture : IAsyncLifetime
{
    public const string Secret = "test-directline-secret";
    public const string SigningKey = "test-signing-key-0123456789abcdef-0123456789";
    public const string AgentKey = "test-agent-key";
    public const string AllowedOrigin = "https://shop.example";
    public const int MaxUploadBytes = 2048;

    public TestHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TestHost.StartAsync(options =>
    {
        options.Settings["DirectLine:Secrets:0"] = Secret;
        options.Settings["DirectLine:TokenSigningKey"] = SigningKey;
        options.Settings["DirectLine:AllowedOrigins:0"] = AllowedOrigin;
        options.Settings["DirectLine:KeepAliveInterval"] = "00:00:00.200";
        options.Settings["DirectLine:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Settings["DirectLine:TokenRequestsPerMinute"] = "1000";
        options.Settings["AgentWebChat:AccessKeys:0"] = AgentKey;
    });

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
