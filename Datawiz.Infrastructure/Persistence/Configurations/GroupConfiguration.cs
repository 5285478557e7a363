using Datawiz.Domain.Common;
using Datawiz.Domain.Groups;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(g => g.Description).HasMaxLength(Limits.DescriptionLength);
        // Unique per owner only, so that creating a group never confirms the name of someone else's.
        builder.HasIndex(g => new { g.OwnerId, g.Name }).IsUnique();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(g => g.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GroupMemberConfiguration : IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupMember> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GroupInvitationConfiguration : IEntityTypeConfiguration<GroupInvitation>
{
    public void Configure(EntityTypeBuilder<GroupInvitation> builder)
    {
        // One open invitation per person and group: inviting again changes nothing.
        builder.HasIndex(i => new { i.GroupId, i.InviteeId }).IsUnique();
        builder.HasIndex(i => i.InviteeId);
        builder.HasOne<Group>().WithMany().HasForeignKey(i => i.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.InviteeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.InvitedById).OnDelete(DeleteBehavior.Cascade);
    }
}
