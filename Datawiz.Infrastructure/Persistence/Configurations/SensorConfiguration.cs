using Datawiz.Domain.Common;
using Datawiz.Domain.Groups;
using Datawiz.Domain.Networks;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class SensorTypeConfiguration : IEntityTypeConfiguration<SensorType>
{
    public void Configure(EntityTypeBuilder<SensorType> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(t => t.Hardware).HasMaxLength(Limits.ShortTextLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(Limits.DescriptionLength);
        // Checked by the UPDATE itself, so a stale save loses even when it raced past the service's own check.
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
        builder.MapReview(t => t.Review);
        // Catalogue names are unique (the service compares them whatever their case); this index catches the race
        // between check and approval. Private names are unique per submitter by the service's check only: an index
        // on (submitter, name) would span the owned review state and the type, which EF cannot map.
        builder.HasIndex(t => t.Name).IsUnique().HasFilter(Catalogue.SqlFilter).HasDatabaseName("IX_SensorTypes_Name_Catalogue");
        // Parts of a type are read and written with it, never queried alone: one JSON column each.
        builder.OwnsMany(t => t.Fields, b => b.ToJson());
        builder.OwnsMany(t => t.CodeTemplates, b => b.ToJson());
        builder.OwnsMany(t => t.Variables, b => b.ToJson());
        builder.OwnsMany(t => t.Commands, b => b.ToJson());
    }
}

internal sealed class SensorEntityConfiguration : IEntityTypeConfiguration<Sensor>
{
    public void Configure(EntityTypeBuilder<Sensor> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(Limits.DescriptionLength);
        builder.Property(s => s.MqttUsername).HasMaxLength(64).IsRequired();
        builder.Property(s => s.MqttPasswordHash).HasMaxLength(256).IsRequired();
        builder.Property(s => s.TopicPrefix).HasMaxLength(Limits.ShortTextLength).IsRequired();
        builder.HasIndex(s => s.MqttUsername).IsUnique();
        builder.HasIndex(s => new { s.OwnerId, s.Name }).IsUnique();
        builder.HasIndex(s => s.SensorTypeId);
        builder.HasIndex(s => s.NetworkId);
        builder.OwnsMany(s => s.Values, b => b.ToJson());
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        // A type or network still in use cannot be deleted; the services say so before the database has to.
        builder.HasOne<SensorType>().WithMany().HasForeignKey(s => s.SensorTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Network>().WithMany().HasForeignKey(s => s.NetworkId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Shares).WithOne().HasForeignKey(share => share.SensorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SensorShareConfiguration : IEntityTypeConfiguration<SensorShare>
{
    public void Configure(EntityTypeBuilder<SensorShare> builder)
    {
        builder.HasKey(s => new { s.SensorId, s.GroupId });
        builder.HasIndex(s => s.GroupId);
        builder.HasOne<Group>().WithMany().HasForeignKey(s => s.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
