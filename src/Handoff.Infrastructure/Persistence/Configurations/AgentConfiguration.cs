using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasConversion(TypedIds.Agent);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.DomainEvents);
        builder.Ignore(a => a.ConnectedConversations);
        builder.Ignore(a => a.IsLoggedIn);
        builder.Ignore(a => a.IsAcceptingNewUsers);
        builder.Ignore(a => a.FocusedConversation);

        builder.Property(a => a.ChannelAccountKey).HasMaxLength(600).IsRequired();
        builder.HasIndex(a => a.ChannelAccountKey).IsUnique();
        builder.Property(a => a.EntraObjectId).HasMaxLength(64);
        builder.Property(a => a.DisplayName).HasMaxLength(Agent.MaxNameLength).IsRequired();
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.Property(a => a.Locale).HasMaxLength(LocaleTag.MaxLength);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(a => a.Status);
        builder.OwnsOne(a => a.Address, address => ChannelAddressMapping.Map(address, "Address"));
        builder.PrimitiveCollection<List<Guid>>("_connectedConversations").HasColumnName("ConnectedConversations");
        builder.Property<Guid?>("_focusedConversation").HasColumnName("FocusedConversation");
    }
}
