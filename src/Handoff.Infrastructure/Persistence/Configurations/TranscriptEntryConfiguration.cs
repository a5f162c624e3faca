using Handoff.Domain.Agents;
using Handoff.Domain.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Persistence.Configurations;

internal sealed class TranscriptEntryConfiguration : IEntityTypeConfiguration<TranscriptEntry>
{
    public void Configure(EntityTypeBuilder<TranscriptEntry> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.ConversationId).HasConversion(TypedIds.Conversation);
        builder.Property(t => t.Sender).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.SenderName).HasMaxLength(Agent.MaxNameLength);
        builder.Property(t => t.Text).HasMaxLength(TranscriptEntry.MaxTextLength);
        builder.HasIndex(t => new { t.ConversationId, t.Id });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
