using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class UserClassConfiguration : IEntityTypeConfiguration<UserClass>
{
    public void Configure(EntityTypeBuilder<UserClass> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
    }
}
