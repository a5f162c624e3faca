using Handoff.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Actor).HasMaxLength(AuditRecord.MaxActorLength);
        builder.Property(a => a.Details).HasMaxLength(AuditRecord.MaxDetailsLength);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Type, a.At });
    }
}
