using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(AccessTokenRules.NameMaxLength).IsRequired();
        builder.Property(t => t.SecretHash).HasMaxLength(32).IsRequired();
        // The profile's list and the per-person limit.
        builder.HasIndex(t => new { t.UserId, t.RevokedAt });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
