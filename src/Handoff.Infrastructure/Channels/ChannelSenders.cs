using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Channels;

/// <summary>
/// Which sender delivers to an address: the one registered under the address's channel key. A channel registers its
/// sender once per key it owns (<see cref="ChannelSenderRegistration.AddChannelSender{TSender}"/>); a second sender
/// for the same key is refused at start-up instead of silently winning. Tests swap a channel's sender with
/// <see cref="ChannelSenderRegistration.ReplaceChannelSender"/>, like any other service.
/// </summary>
public sealed class ChannelSenders(IServiceProvider services)
{
    /// <summary>
    /// The key of every address reached through the Bot Connector. Those addresses carry the service URL the connector
    /// gave us, and their channel id is the Bot Framework's (<c>msteams</c>, <c>webchat</c>, and also <c>directline</c>
    /// for Azure's Direct Line), so the channel id alone cannot tell them from the embedded Direct Line channel.
    /// </summary>
    public const string BotConnector = "botframework";

    /// <summary>The channel key of <paramref name="address"/>: <see cref="BotConnector"/> when it came through the Bot Connector, otherwise its channel id.</summary>
    public static string KeyOf(ChannelAddress address) => string.IsNullOrEmpty(address.ServiceUrl) ? address.ChannelId : BotConnector;

    /// <summary>
    /// Whether <paramref name="channelId"/> belongs to one of Handoff's embedded channels (one that registered a sender
    /// under its own id): such ids never arrive through the Bot Connector.
    /// </summary>
    public bool IsEmbeddedChannel(string channelId) =>
        !string.Equals(channelId, BotConnector, StringComparison.OrdinalIgnoreCase)
        && services.GetKeyedService<IChannelSender>(channelId) is not null;

    /// <summary>The sender for <paramref name="address"/>, or null when no channel owns its key.</summary>
    public IChannelSender? For(ChannelAddress address) => services.GetKeyedService<IChannelSender>(KeyOf(address));
}
