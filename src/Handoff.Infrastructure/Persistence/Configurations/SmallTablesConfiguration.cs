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

internal sealed class TeamInstallationConfiguration : IEntityTypeConfiguration<TeamInstallation>
{
    public void Configure(EntityTypeBuilder<TeamInstallation> builder)
    {
        builder.HasKey(t => t.TeamId);
        builder.Property(t => t.TeamId).HasMaxLength(512);
        builder.Property(t => t.ServiceUrl).HasMaxLength(2048);
        builder.Property(t => t.BotId).HasMaxLength(512);
        builder.Property(t => t.TenantId).HasMaxLength(64);
    }
}
