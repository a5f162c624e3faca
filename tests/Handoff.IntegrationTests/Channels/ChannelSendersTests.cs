using Handoff.Application.Common.Messaging;
using Handoff.Bot.Configuration;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.Infrastructure.Channels.DirectLine;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Channels;

/// <summary>Outbound senders are chosen by the address's channel key, from what each channel registered: never by registration order.</summary>
public sealed class ChannelSendersTests
{
    [Fact]
    public void TheKeyOfAnAddress_IsItsChannelId_UnlessItCameThroughTheBotConnector()
    {
        ChannelSenders.KeyOf(new ChannelAddress("directline", "c1", "dl_jane")).ShouldBe("directline");
        ChannelSenders.KeyOf(new ChannelAddress("test", "c1", "u1")).ShouldBe("test");

        // Azure's Direct Line (and Teams, Web Chat...) reached through the Bot Connector: the connector delivers, whatever the channel id.
        ChannelSenders.KeyOf(new ChannelAddress("directline", "c1", "dl_jane", "https://directline.botframework.com/")).ShouldBe(ChannelSenders.BotConnector);
        ChannelSenders.KeyOf(new ChannelAddress("msteams", "a:1", "29:1", "https://smba.trafficmanager.net/emea/")).ShouldBe(ChannelSenders.BotConnector);
    }

    [Fact]
    public void TheProduct_RegistersTheEmbeddedDirectLineAndTheBotConnectorSenders_EachForItsOwnKey()
    {
        using var product = new Product(_ => { });
        var senders = product.Services.GetRequiredService<ChannelSenders>();

        senders.For(People.UserAddress("jane")).ShouldBeOfType<DirectLineChannelSender>();
        senders.For(People.TeamsAddress("alice")).ShouldBeOfType<BotFrameworkChannelSender>();
        senders.For(new ChannelAddress("directline", "upstream-1", "dl_jane", "https://directline.botframework.com/")).ShouldBeOfType<BotFrameworkChannelSender>();
        senders.For(new ChannelAddress("slack", "c1", "u1")).ShouldBeNull();
    }

    [Fact]
    public void ReplacingTheSenderOfOneChannel_LeavesTheOtherChannelsTheirRealSenders()
    {
        var recording = new RecordingChannelSender();
        using var product = new Product(s => s.ReplaceChannelSender(recording, DirectLineActivities.ChannelId));
        var senders = product.Services.GetRequiredService<ChannelSenders>();

        senders.For(People.UserAddress("jane")).ShouldBeSameAs(recording);
        senders.For(People.TeamsAddress("alice")).ShouldBeOfType<BotFrameworkChannelSender>();
    }

    [Fact]
    public void ASecondSenderForAChannelKey_IsRefused_InsteadOfSilentlyWinning()
    {
        var services = new ServiceCollection();
        services.AddChannelSender<RecordingChannelSender>("directline");

        var refused = Should.Throw<InvalidOperationException>(() => services.AddChannelSender<RecordingChannelSender>("test", "directline"));

        refused.Message.ShouldContain("'directline'");
    }

    /// <summary>The product's own registrations (on a Sqlite file of its own), then the test's replacement.</summary>
    private sealed class Product : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public Product(Action<IServiceCollection> replace)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddHandoff(new ConfigurationBuilder().Build(), _directory.Path);
            replace(services);
            Services = services.BuildServiceProvider();
        }

        public ServiceProvider Services { get; }

        public void Dispose()
        {
            Services.Dispose();
            _directory.Dispose();
        }
    }
}
