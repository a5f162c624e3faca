using Handoff.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

/// <summary>A channel address is stored in its owner's row, with a column prefix.</summary>
internal static class ChannelAddressMapping
{
    public static void Map<TOwner>(OwnedNavigationBuilder<TOwner, ChannelAddress> address, string prefix)
        where TOwner : class
    {
        address.Ignore(a => a.Key);
        address.Property(a => a.ChannelId).HasColumnName(prefix + "ChannelId").HasMaxLength(64).IsRequired();
        address.Property(a => a.ConversationId).HasColumnName(prefix + "ConversationId").HasMaxLength(ChannelAddress.MaxIdLength).IsRequired();
        address.Property(a => a.UserId).HasColumnName(prefix + "UserId").HasMaxLength(ChannelAddress.MaxIdLength).IsRequired();
        address.Property(a => a.ServiceUrl).HasColumnName(prefix + "ServiceUrl").HasMaxLength(2048);
        address.Property(a => a.BotId).HasColumnName(prefix + "BotId").HasMaxLength(ChannelAddress.MaxIdLength);
        address.Property(a => a.TenantId).HasColumnName(prefix + "TenantId").HasMaxLength(64);
    }
}
