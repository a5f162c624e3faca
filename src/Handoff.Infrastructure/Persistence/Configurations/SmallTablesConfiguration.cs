using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class ProcessedActivityConfiguration : IEntityTypeConfiguration<ProcessedActivity>
{
    public void Configure(EntityTypeBuilder<ProcessedActivity> builder)
    {
        builder.HasKey(p => new { p.ChannelId, p.ActivityId });
        builder.Property(p => p.ChannelId).HasMaxLength(64);
        builder.Property(p => p.ActivityId).HasMaxLength(512);
    }
}

internal sealed class SettingsOverrideConfiguration : IEntityTypeConfiguration<SettingsOverride>
{
    public void Configure(EntityTypeBuilder<SettingsOverride> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(200);
    }
}
