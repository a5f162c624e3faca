using Handoff.Application.Common.Messaging;
using Handoff.Infrastructure.Channels.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Operations;

/// <summary>
/// The real Direct Line sender, but only through the outbox dispatcher, as a remote channel's messages go: a message to
/// the embedded Direct Line is otherwise delivered by the save that enqueues it (ADR-046), and these tests are about
/// rows that wait in the outbox (a stopped dispatcher, a restart).
/// </summary>
public sealed class DispatchedDirectLine(DirectLineChannelSender sender) : IChannelSender
{
    public static readonly Action<IServiceCollection> Use = services =>
    {
        foreach (var registered in services.Where(d => d.IsKeyedService && d.ServiceType == typeof(IChannelSender) && Equals(d.ServiceKey, DirectLineActivities.ChannelId)).ToList())
        {
            services.Remove(registered);
        }

        services.AddKeyedSingleton<IChannelSender>(DirectLineActivities.ChannelId, (provider, _) => new DispatchedDirectLine(provider.GetRequiredService<DirectLineChannelSender>()));
    };

    public Task<DeliveryResult> SendAsync(OutboundMessage message, string? replacesActivityId, CancellationToken cancellationToken) =>
        sender.SendAsync(message, replacesActivityId, cancellationToken);
}
