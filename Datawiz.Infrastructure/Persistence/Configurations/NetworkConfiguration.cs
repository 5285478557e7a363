using Datawiz.Domain.Common;
using Datawiz.Domain.Networks;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class NetworkConfiguration : IEntityTypeConfiguration<Network>
{
    public void Configure(EntityTypeBuilder<Network> builder)
    {
        builder.Property(n => n.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(n => n.Ssid).HasMaxLength(Network.SsidLength).IsRequired();
        builder.Property(n => n.ProtectedPassword).HasMaxLength(1000).IsRequired();
        builder.HasIndex(n => new { n.OwnerId, n.Name }).IsUnique();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
