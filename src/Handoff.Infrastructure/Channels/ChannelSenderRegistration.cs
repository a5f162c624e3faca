using Handoff.Application.Common.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Channels;

/// <summary>The one way a channel registers (and a test replaces) the sender of a channel key.</summary>
public static class ChannelSenderRegistration
{
    /// <summary>Registers <typeparamref name="TSender"/> (a singleton) as the sender of each of <paramref name="channelKeys"/>.</summary>
    public static IServiceCollection AddChannelSender<TSender>(this IServiceCollection services, params string[] channelKeys)
        where TSender : class, IChannelSender
    {
        services.AddSingleton<TSender>();
        foreach (var key in channelKeys)
        {
            if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IChannelSender) && Equals(d.ServiceKey, key)))
            {
                throw new InvalidOperationException($"Two channels claim the channel key '{key}'; each key has exactly one sender.");
            }

            services.AddKeyedSingleton<IChannelSender>(key, (sp, _) => sp.GetRequiredService<TSender>());
        }

        return services;
    }

    /// <summary>Registers <typeparamref name="TIndicator"/> (a singleton) as how each of <paramref name="channelKeys"/> shows typing.</summary>
    public static IServiceCollection AddChannelTypingIndicator<TIndicator>(this IServiceCollection services, params string[] channelKeys)
        where TIndicator : class, ITypingIndicator
    {
        services.AddSingleton<TIndicator>();
        foreach (var key in channelKeys)
        {
            services.AddKeyedSingleton<ITypingIndicator>(key, (sp, _) => sp.GetRequiredService<TIndicator>());
        }

        return services;
    }

    /// <summary>Makes <paramref name="sender"/> the sender of <paramref name="channelKeys"/>, in place of whatever was registered for them.</summary>
    public static IServiceCollection ReplaceChannelSender(this IServiceCollection services, IChannelSender sender, params string[] channelKeys)
    {
        foreach (var key in channelKeys)
        {
            services.RemoveAll(d => d.IsKeyedService && d.ServiceType == typeof(IChannelSender) && Equals(d.ServiceKey, key));
            services.AddKeyedSingleton(key, sender);
        }

        return services;
    }

    private static void RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> predicate)
    {
        foreach (var descriptor in services.Where(predicate).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
