using Handoff.Domain.Agents;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasConversion(TypedIds.Conversation);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.DomainEvents);
        builder.Ignore(c => c.WaitedBeforeConnect);

        builder.Property(c => c.ShortId).HasMaxLength(ConversationId.ShortLength).IsRequired();
        builder.Property(c => c.UserName).HasMaxLength(Conversation.MaxNameLength).IsRequired();
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Reason).HasMaxLength(Conversation.MaxReasonLength);
        builder.Property(c => c.AgentId).HasConversion(TypedIds.Agent);
        builder.Property(c => c.AgentName).HasMaxLength(Agent.MaxNameLength);
        builder.Property(c => c.Locale).HasMaxLength(LocaleTag.MaxLength);
        builder.Property(c => c.AgentThreadKey).HasMaxLength(128);
        builder.Property(c => c.AgentThreadId).HasMaxLength(ChannelAddress.MaxIdLength);
        builder.Ignore(c => c.HasLiveAgentThread);
        builder.OwnsOne(c => c.Address, address =>
        {
            // The owned address shares the conversation's row; its key must not take the name of its ConversationId.
            address.WithOwner().HasForeignKey("OwnerId");
            ChannelAddressMapping.Map(address, string.Empty);
            address.HasIndex(a => new { a.ChannelId, a.ConversationId }).IsUnique();
        });
        builder.Navigation(c => c.Address).IsRequired();

        builder.OwnsMany(c => c.Meetings, meeting =>
        {
            meeting.ToTable("Meetings");
            meeting.WithOwner().HasForeignKey("ConversationId");
            meeting.Property<int>("Id");
            meeting.HasKey("Id");
            meeting.Property(m => m.AgentId).HasConversion(TypedIds.Agent);
            meeting.Property(m => m.JoinUrl).HasMaxLength(2048);
            meeting.Property(m => m.MeetingId).HasMaxLength(512);
            meeting.Property(m => m.OrganizerObjectId).HasMaxLength(64);
        });

        // The queue: waiting conversations by priority, then request time.
        builder.HasIndex(c => new { c.State, c.Priority, c.RequestedAt });
        builder.HasIndex(c => c.ShortId);
        builder.HasIndex(c => c.AgentId);
        builder.HasIndex(c => c.AgentThreadId);
    }
}
