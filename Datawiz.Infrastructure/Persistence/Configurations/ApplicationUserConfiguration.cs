using Datawiz.Domain.Accounts;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(ApplicationUser.DisplayNameMaxLength).IsRequired();
        // Stored as text so that the database stays readable and a reordered enum cannot change meaning.
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(u => u.Status);
        builder.Property(u => u.TimeZoneId).HasMaxLength(TimeZoneRules.MaxLength);
        builder.Property(u => u.MqttPasswordHash).HasMaxLength(256);
        builder.HasOne<UserClass>().WithMany().HasForeignKey(u => u.UserClassId).OnDelete(DeleteBehavior.Restrict);
    }
}
