using Handoff.Domain.LanguageModels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class LanguageModelConfiguration : IEntityTypeConfiguration<LanguageModel>
{
    public void Configure(EntityTypeBuilder<LanguageModel> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasConversion(TypedIds.LanguageModel);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.Ignore(m => m.DomainEvents);
        builder.Ignore(m => m.Patterns);
        builder.Property(m => m.Name).HasMaxLength(LanguageModel.MaxNameLength).IsRequired();
        builder.Property(m => m.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ScenarioId).HasMaxLength(LanguageModel.MaxScenarioLength).IsRequired();
        builder.Property(m => m.ReplyText).HasMaxLength(LanguageModel.MaxReplyLength);
        builder.Property(m => m.SeedKey).HasMaxLength(LanguageModel.MaxScenarioLength);
        builder.HasIndex(m => m.SeedKey).IsUnique();
        builder.PrimitiveCollection<List<string>>("_patterns").HasColumnName("Patterns");
    }
}
