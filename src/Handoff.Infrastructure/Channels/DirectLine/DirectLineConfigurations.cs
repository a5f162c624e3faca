using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Handoff.Infrastructure.Channels.DirectLine;

internal sealed class DirectLineConversationConfiguration : IEntityTypeConfiguration<DirectLineConversation>
{
    public void Configure(EntityTypeBuilder<DirectLineConversation> builder)
    {
        builder.ToTable("DirectLineConversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.UserId).HasMaxLength(128);
        builder.Property(c => c.UserName).HasMaxLength(200);
        builder.Property(c => c.NextSequence).IsConcurrencyToken();
    }
}

internal sealed class DirectLineActivityConfiguration : IEntityTypeConfiguration<DirectLineActivity>
{
    public void Configure(EntityTypeBuilder<DirectLineActivity> builder)
    {
        builder.ToTable("DirectLineActivities");
        builder.HasKey(a => new { a.ConversationId, a.Sequence });
        builder.Property(a => a.ConversationId).HasMaxLength(64);
        builder.Property(a => a.ActivityId).HasMaxLength(100);
        builder.Property(a => a.Type).HasMaxLength(64);
        builder.Property(a => a.DeliveryId).HasMaxLength(64);

        // A resend of an outbox message (same delivery id) is recognised, even when two appends race.
        builder.HasIndex(a => new { a.ConversationId, a.DeliveryId }).IsUnique().HasFilter("\"DeliveryId\" IS NOT NULL");
    }
}

internal sealed class DirectLineUploadConfiguration : IEntityTypeConfiguration<DirectLineUpload>
{
    public void Configure(EntityTypeBuilder<DirectLineUpload> builder)
    {
        builder.ToTable("DirectLineUploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(64);
        builder.Property(u => u.ConversationId).HasMaxLength(64);
        builder.Property(u => u.ContentType).HasMaxLength(100);
        builder.Property(u => u.Name).HasMaxLength(255);
        builder.HasIndex(u => u.ConversationId);
    }
}

internal sealed class AgentWebChatKeyConfiguration : IEntityTypeConfiguration<AgentWebChatKey>
{
    public void Configure(EntityTypeBuilder<AgentWebChatKey> builder)
    {
        builder.ToTable("AgentWebChatKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(32);
        builder.Property(k => k.AgentName).HasMaxLength(100);
        builder.Property(k => k.UserId).HasMaxLength(64);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(200);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}

internal sealed class AgentWebChatSessionConfiguration : IEntityTypeConfiguration<AgentWebChatSession>
{
    public void Configure(EntityTypeBuilder<AgentWebChatSession> builder)
    {
        builder.ToTable("AgentWebChatSessions");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.UserId).HasMaxLength(128);
    }
}
