using Datawiz.Domain.Applications;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class ApplicationTemplateConfiguration : IEntityTypeConfiguration<ApplicationTemplate>
{
    public void Configure(EntityTypeBuilder<ApplicationTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(Limits.DescriptionLength);
        builder.Property(t => t.Version).HasMaxLength(32).IsRequired();
        builder.Property(t => t.ManifestTemplate).HasMaxLength(Limits.ManifestLength).IsRequired();
        builder.Property(t => t.Category).HasConversion<string>().HasMaxLength(16);
        // Checked by the UPDATE itself, so a stale save loses even when it raced past the service's own check.
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
        builder.MapReview(t => t.Review);
        // Catalogue names are unique whatever the case (the service compares them so); this index catches the
        // race between check and approval. Private names are unique per submitter by the service's check only:
        // an index on (submitter, name) would span the owned review state and the template, which EF cannot map.
        builder.HasIndex(t => new { t.Name, t.Version }).IsUnique().HasFilter(Catalogue.SqlFilter).HasDatabaseName("IX_ApplicationTemplates_Name_Version_Catalogue");
        builder.OwnsMany(t => t.Variables, b => b.ToJson());
    }
}

internal sealed class TemplateCommentConfiguration : IEntityTypeConfiguration<TemplateComment>
{
    public void Configure(EntityTypeBuilder<TemplateComment> builder)
    {
        builder.Property(c => c.Text).HasMaxLength(Limits.CommentLength).IsRequired();
        builder.HasIndex(c => new { c.TemplateId, c.CreatedAt });
        builder.HasOne<ApplicationTemplate>().WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserApplicationConfiguration : IEntityTypeConfiguration<UserApplication>
{
    public void Configure(EntityTypeBuilder<UserApplication> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Namespace).HasMaxLength(63);
        builder.Property(a => a.Url).HasMaxLength(Limits.ShortTextLength);
        builder.Property(a => a.LastError).HasMaxLength(Limits.CommentLength);
        builder.HasIndex(a => new { a.OwnerId, a.Name }).IsUnique();
        builder.HasIndex(a => a.TemplateId);
        builder.OwnsMany(a => a.Values, b => b.ToJson());
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationTemplate>().WithMany().HasForeignKey(a => a.TemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}
