using Datawiz.Domain.Dashboard;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

internal sealed class DashboardPinConfiguration : IEntityTypeConfiguration<DashboardPin>
{
    public void Configure(EntityTypeBuilder<DashboardPin> builder)
    {
        builder.ToTable("DashboardPins");
        // A person's pins are always read together, in his order.
        builder.HasKey(p => new { p.UserId, p.SensorId });
        builder.HasIndex(p => p.SensorId);
        // A deleted sensor leaves no pin behind; one that is merely no longer shared is cleaned when the dashboard is read.
        builder.HasOne<Sensor>().WithMany().HasForeignKey(p => p.SensorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
