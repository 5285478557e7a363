using Datawiz.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

// No foreign keys to Sensors on the telemetry tables: a batch must never fail as a whole because one of its
// sensors was deleted while its messages were queued. The retention job removes what deleted sensors left.

internal sealed class ReadingConfiguration : IEntityTypeConfiguration<Reading>
{
    public const int ReasonLength = 300;

    public void Configure(EntityTypeBuilder<Reading> builder)
    {
        builder.ToTable("Readings");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.Property(r => r.Field).HasMaxLength(Domain.Telemetry.PayloadParser.MaxFieldNameLength).IsRequired();
        // Charts ask for one field of one sensor over a time range; retention deletes per sensor and field too.
        builder.HasIndex(r => new { r.SensorId, r.Field, r.Timestamp });
    }
}

internal sealed class ReadingRollupConfiguration : IEntityTypeConfiguration<ReadingRollup>
{
    public void Configure(EntityTypeBuilder<ReadingRollup> builder)
    {
        builder.ToTable("ReadingRollups");
        // The key is the index charts range-scan: one sensor's field over a time range.
        builder.HasKey(r => new { r.SensorId, r.Field, r.Start });
        builder.Property(r => r.Field).HasMaxLength(Domain.Telemetry.PayloadParser.MaxFieldNameLength).IsRequired();
    }
}

internal sealed class LatestReadingConfiguration : IEntityTypeConfiguration<LatestReading>
{
    public void Configure(EntityTypeBuilder<LatestReading> builder)
    {
        builder.ToTable("LatestReadings");
        builder.HasKey(r => new { r.SensorId, r.Field });
        builder.Property(r => r.Field).HasMaxLength(Domain.Telemetry.PayloadParser.MaxFieldNameLength).IsRequired();
    }
}

internal sealed class SensorTelemetryCountersConfiguration : IEntityTypeConfiguration<SensorTelemetryCounters>
{
    public void Configure(EntityTypeBuilder<SensorTelemetryCounters> builder)
    {
        builder.ToTable("SensorTelemetryCounters");
        builder.HasKey(c => c.SensorId);
        builder.Property(c => c.LastReason).HasMaxLength(ReadingConfiguration.ReasonLength);
    }
}
