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
        builder.Property(m => m.TraceParent).HasMaxLength(64);
        builder.HasIndex(m => new { m.DeliveredAt, m.DeadLetteredAt, m.Id });
        builder.HasIndex(m => m.CorrelationKey);
    }
}
