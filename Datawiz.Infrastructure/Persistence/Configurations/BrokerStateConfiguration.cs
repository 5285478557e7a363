using Datawiz.Domain.Broker;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

// No foreign keys between the broker's tables: they are written in order by one writer, and a session's rows are
// deleted together, so a row of a session that is gone can only be one the next sweep removes.

internal sealed class RetainedMqttMessageConfiguration : IEntityTypeConfiguration<RetainedMqttMessage>
{
    public void Configure(EntityTypeBuilder<RetainedMqttMessage> builder)
    {
        builder.ToTable("RetainedMqttMessages");
        builder.HasKey(m => m.Topic);
    }
}

internal sealed class QueuedMqttMessageConfiguration : IEntityTypeConfiguration<QueuedMqttMessage>
{
    public void Configure(EntityTypeBuilder<QueuedMqttMessage> builder)
    {
        builder.ToTable("QueuedMqttMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.ClientId).IsRequired();
        builder.HasIndex(m => new { m.ClientId, m.Id });
    }
}

internal sealed class BrokerSessionConfiguration : IEntityTypeConfiguration<BrokerSession>
{
    public void Configure(EntityTypeBuilder<BrokerSession> builder)
    {
        builder.ToTable("BrokerSessions");
        builder.HasKey(s => s.ClientId);
        builder.Property(s => s.Owner).IsRequired();
    }
}

internal sealed class BrokerSubscriptionConfiguration : IEntityTypeConfiguration<BrokerSubscription>
{
    public void Configure(EntityTypeBuilder<BrokerSubscription> builder)
    {
        builder.ToTable("BrokerSubscriptions");
        builder.HasKey(s => new { s.ClientId, s.TopicFilter });
    }
}
