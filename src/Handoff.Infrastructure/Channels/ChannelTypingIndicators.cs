using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Channels;

/// <summary>
/// The application's <see cref="ITypingIndicator"/>: hands the indicator to the channel that owns the address's key
/// (<see cref="ChannelSenders.KeyOf"/>), as <see cref="ChannelSenders"/> does for messages. A channel that registered none
/// shows nothing.
/// </summary>
public sealed class ChannelTypingIndicators(IServiceProvider services) : ITypingIndicator
{
    public Task ShowTypingAsync(ChannelAddress to, string? typistName, CancellationToken cancellationToken) =>
        services.GetKeyedService<ITypingIndicator>(ChannelSenders.KeyOf(to)) is { } channel
            ? channel.ShowTypingAsync(to, typistName, cancellationToken)
            : Task.CompletedTask;
}
