using Handoff.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Ignore(m => m.IsPending);
        builder.Property(m => m.ChannelId).HasMaxLength(64);
        builder.Property(m => m.OrderingKey).HasMaxLength(600);
        builder.Property(m => m.CorrelationKey).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.ChannelActivityId).HasMaxLength(512);
        builder.Property(m => m.ChannelConversationId).HasMaxLength(512);
        builder.Property(m => m.TraceParent).HasMaxLength(64);
        builder.Property(m => m.ActivityId).HasMaxLength(64);
        builder.HasIndex(m => new { m.DeliveredAt, m.DeadLetteredAt, m.Id });

        // The dispatcher's pick (ADR-017): pending rows by due time, and "is there an earlier pending row of this
        // conversation". Partial, so delivered history does not slow either down.
        const string pending = "\"DeliveredAt\" IS NULL AND \"DeadLetteredAt\" IS NULL";
        builder.HasIndex(m => new { m.NextAttemptAt, m.Id }, "IX_OutboxMessages_Due").HasFilter(pending);
        builder.HasIndex(m => new { m.OrderingKey, m.Id }, "IX_OutboxMessages_PendingByConversation").HasFilter(pending);
        builder.HasIndex(m => m.CorrelationKey);
    }
}
